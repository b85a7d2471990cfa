using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Notifications;
using Dashboard.Web.Hosting;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Tests.Features.Notifications;

/// <summary>Secrets stay secret, maintenance windows mute, and only Admins reach any of it.</summary>
public sealed class ChannelStorageTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private const string UrlSecret = "T0SECRETPATH/B0SECRETPATH/xoxbSECRET";
    private const string HmacSecret = "given-hmac-secret-0123456789";
    private const string NtfyToken = "tk_ntfy_secret_token";
    private const string SmtpPassword = "smtp-password-secret";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Secrets_AreMaskedInViews_AndNotInClearInTheDatabase()
    {
        await host.CreateChannelAsync(new ChannelRequest("s-hook", "webhook", Webhook: new WebhookSettings("http://127.0.0.1:9/" + UrlSecret, HmacSecret)), Token);
        await host.CreateChannelAsync(new ChannelRequest("s-ntfy", "ntfy", Ntfy: new NtfySettings("http://127.0.0.1:9/", "topicSECRETname", NtfyToken)), Token);
        await host.CreateChannelAsync(new ChannelRequest("s-mail", "email",
            Email: new EmailSettings("127.0.0.1", 9, "starttls", "mailer", SmtpPassword, "a@example.test", ["b@example.test"])), Token);
        using var http = host.Http();

        var view = await http.GetStringAsync(new Uri("api/notifications", UriKind.Relative), Token);
        await using var scope = host.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<DashboardDb>().NotificationChannels.AsNoTracking().ToListAsync(Token);

        foreach (var secret in new[] { UrlSecret, "SECRETPATH", HmacSecret, NtfyToken, "topicSECRETname", SmtpPassword })
        {
            Assert.DoesNotContain(secret, view, StringComparison.Ordinal);
            Assert.All(rows, row => Assert.DoesNotContain(secret, row.Protected + row.Settings + row.Name, StringComparison.Ordinal));
        }

        var channels = System.Text.Json.JsonSerializer.Deserialize<NotificationsOverview>(view, WireJson.Options)!.Channels.ToDictionary(c => c.Name);
        Assert.Equal(("http://127.0.0.1:9/…CRET", "…6789"), (channels["s-hook"].Settings.Url, channels["s-hook"].Settings.Secret));
        Assert.Equal(("http://127.0.0.1:9/…1:9/", "…name", true), (channels["s-ntfy"].Settings.Server, channels["s-ntfy"].Settings.Topic, channels["s-ntfy"].Settings.TokenSet));
        Assert.Equal((true, "mailer"), (channels["s-mail"].Settings.PasswordSet, channels["s-mail"].Settings.User));
    }

    [Fact]
    public async Task Update_LeavingSecretsOut_KeepsThemAndTheDeliveriesStillSign()
    {
        await using var receiver = await HookReceiver.StartAsync(IPAddress.Loopback, Token);
        var created = await host.CreateChannelAsync(new ChannelRequest("keep", "webhook", ["keep"], Webhook: new WebhookSettings(receiver.Url.ToString(), HmacSecret)), Token);
        var service = host.Services.GetRequiredService<NotificationService>();

        var updated = await service.UpdateChannelAsync(host.Admin, created.Channel.Id, new ChannelRequest("keep-renamed", "webhook", ["keep"], Webhook: new WebhookSettings(null)), Token);
        var result = await service.TestChannelAsync(host.Admin, created.Channel.Id, Token);
        var request = Assert.Single(receiver.Received);

        Assert.Equal("keep-renamed", updated.Name);
        Assert.True(result.Ok, result.Message);
        Assert.Equal(HttpChannelSender.Signature(HmacSecret, request.Headers["X-Dashboard-Timestamp"], request.Body), request.Headers["X-Dashboard-Signature"]);
        Assert.Equal("test", request.Headers["X-Dashboard-Event"]);
    }

    [Fact]
    public async Task MaintenanceWindow_CoveringTheGroup_MutesWithItsReason_OtherGroupsAreTold()
    {
        await using var receiver = await HookReceiver.StartAsync(IPAddress.Loopback, Token);
        await host.CreateChannelAsync(new ChannelRequest("maint", "webhook", ["maint-a", "maint-b"], Webhook: new WebhookSettings(receiver.Url.ToString())), Token);
        using var http = host.Http();
        using var created = await http.PostAsJsonAsync(new Uri("api/notifications/maintenance", UriKind.Relative),
            new MaintenanceWindowRequest("maint-a", DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), "db upgrade"), WireJson.Options, Token);

        var muted = await host.RaiseAsync(NotificationKit.Alert("maint-a"), Token);
        var told = await host.RaiseAsync(NotificationKit.Alert("maint-b"), Token);
        var request = Assert.Single(await receiver.WaitForAsync(1, Token));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["muted: db upgrade"], muted);
        // Channels of the class's other tests that take every group are told too.
        Assert.Contains("maint", told);
        Assert.Contains("\"group\":\"maint-b\"", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaintenanceWindow_EndingBeforeItStarts_IsRefusedNamingTheField()
    {
        using var http = host.Http();

        using var response = await http.PostAsJsonAsync(new Uri("api/notifications/maintenance", UriKind.Relative),
            new MaintenanceWindowRequest(null, DateTimeOffset.UtcNow.AddHours(2), DateTimeOffset.UtcNow.AddHours(1), "x"), WireJson.Options, Token);
        var (status, _, field) = await response.ProblemAsync(Token);

        Assert.Equal((400, "endsAt"), (status, field));
    }

    [Fact]
    public async Task Operator_IsForbiddenTheChannels()
    {
        var (_, token) = await host.AddUserAsync("notify-operator", Role.Operator, Token);
        using var http = host.Http(token);

        using var response = await http.GetAsync(new Uri("api/notifications", UriKind.Relative), Token);
        var (status, detail, _) = await response.ProblemAsync(Token);

        Assert.Equal(403, status);
        Assert.Contains("needs the Admin role", detail, StringComparison.Ordinal);
    }
}
