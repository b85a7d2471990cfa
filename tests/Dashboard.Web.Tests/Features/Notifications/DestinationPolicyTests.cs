using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Dashboard.Web.Features.Notifications;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Tests.Features.Notifications;

/// <summary>A channel is no way around the target policy: destinations are checked when saved, at every delivery, and no redirect is followed.</summary>
public sealed class DestinationPolicyTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("webhook", "webhook.url")]
    [InlineData("email", "email.host")]
    public async Task Save_DestinationDeniedByARule_IsRefusedNamingTheField(string kind, string field)
    {
        await host.PutRulesAsync(Token, PolicyHosts.Deny("no-hooks", "127.0.0.2/32"));
        var request = kind == "webhook"
            ? new ChannelRequest("denied-" + kind, kind, Webhook: new WebhookSettings("http://127.0.0.2:9/hook"))
            : new ChannelRequest("denied-" + kind, kind, Email: new EmailSettings("127.0.0.2", 2525, "none", null, null, "a@example.test", ["b@example.test"]));
        using var http = host.Http();

        using var response = await http.PostAsJsonAsync(new Uri("api/notifications/channels", UriKind.Relative), request, WireJson.Options, Token);
        var (status, detail, named) = await response.ProblemAsync(Token);

        Assert.Equal((400, field), (status, named));
        Assert.Contains("127.0.0.2 is denied by policy rule 'no-hooks'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_CloudMetadataAddress_IsRefusedWithoutSendingAnything()
    {
        using var http = host.Http();

        using var response = await http.PostAsJsonAsync(new Uri("api/notifications/channels", UriKind.Relative),
            new ChannelRequest("metadata", "slack", Slack: new SlackSettings("http://169.254.169.254/latest/meta-data")), WireJson.Options, Token);
        var (status, detail, field) = await response.ProblemAsync(Token);

        Assert.Equal((400, "slack.url"), (status, field));
        Assert.StartsWith("slack.url: 169.254.169.254 is a cloud metadata address", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delivery_ARuleAddedAfterSaving_FailsWithTheRulesWordsAndSendsNothing()
    {
        await host.PutRulesAsync(Token);
        await using var receiver = await HookReceiver.StartAsync(IPAddress.Parse("127.0.0.3"), Token);
        var created = await host.CreateChannelAsync(new ChannelRequest("later-denied", "webhook", Webhook: new WebhookSettings(receiver.Url.ToString())), Token);
        await host.PutRulesAsync(Token, PolicyHosts.Deny("later", "127.0.0.3/32"));
        using var http = host.Http();

        using var response = await http.PostAsync(new Uri($"api/notifications/channels/{created.Channel.Id}/test", UriKind.Relative), null, Token);
        var result = await response.Content.ReadFromJsonAsync<DeliveryResult>(WireJson.Options, Token);
        var channel = await host.WaitForChannelAsync(created.Channel.Id, c => c.Failed > 0, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(result!.Ok);
        Assert.Equal("127.0.0.3 is denied by policy rule 'later'", result.Message);
        Assert.Equal(result.Message, channel.Counters.LastError);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Delivery_OwnerNoLongerAnAdmin_FailsUntilAnAdminSavesItAgain()
    {
        await using var receiver = await HookReceiver.StartAsync(IPAddress.Loopback, Token);
        var (owner, _) = await host.AddUserAsync("notify-owner", Dashboard.Web.Access.Role.Admin, Token);
        var service = host.Services.GetRequiredService<NotificationService>();
        var created = await service.CreateChannelAsync(owner, new ChannelRequest("owned", "webhook", Webhook: new WebhookSettings(receiver.Url.ToString())), Token);
        await host.Services.GetRequiredService<Dashboard.Web.Features.Account.AccountService>().SetRoleAsync(host.Admin, owner.Id, Dashboard.Web.Access.Role.Operator, Token);

        var refused = await service.TestChannelAsync(host.Admin, created.Channel.Id, Token);
        await service.UpdateChannelAsync(host.Admin, created.Channel.Id, new ChannelRequest("owned", "webhook", Webhook: new WebhookSettings(null)), Token);
        var delivered = await service.TestChannelAsync(host.Admin, created.Channel.Id, Token);

        Assert.Equal((false, "notify-owner, who saved this channel, is no longer an Admin; an Admin must save it again"), (refused.Ok, refused.Message));
        Assert.True(delivered.Ok, delivered.Message);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Delivery_RedirectToADeniedAddress_IsNotFollowed()
    {
        await host.PutRulesAsync(Token, PolicyHosts.Deny("no-redirect", "127.0.0.4/32"));
        await using var denied = await HookReceiver.StartAsync(IPAddress.Parse("127.0.0.4"), Token);
        await using var redirecting = await HookReceiver.StartAsync(IPAddress.Loopback, Token);
        redirecting.Answer = _ => (302, denied.Url + "stolen");
        var created = await host.CreateChannelAsync(new ChannelRequest("redirected", "webhook", Webhook: new WebhookSettings(redirecting.Url.ToString())), Token);

        var result = await host.Services.GetRequiredService<NotificationService>().TestChannelAsync(host.Admin, created.Channel.Id, Token);

        Assert.False(result.Ok);
        Assert.Equal($"the destination answered 302 Found, a redirect to {denied.Url}stolen; redirects are not followed", result.Message);
        Assert.Single(redirecting.Received);
        Assert.Empty(denied.Received);
    }
}
