using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Notifications;
using Dashboard.Web.Features.Watches;

namespace Dashboard.Web.Tests.Features.Notifications;

/// <summary>Alerts reach real receivers on loopback: a webhook that checks the signature, Slack- and ntfy-shaped endpoints, an SMTP server; failures are retried, counted and audited.</summary>
public sealed class ChannelDeliveryTests(FastRetryHost fixture) : IClassFixture<FastRetryHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private DashboardHost Host => fixture.Host;

    [Fact]
    public async Task Webhook_DownAlert_ArrivesSignedWithTheSecretShownOnCreate()
    {
        await using var receiver = await HookReceiver.StartAsync(IPAddress.Loopback, Token);
        var created = await Host.CreateChannelAsync(new ChannelRequest("hook-signed", "webhook", ["signed"], Webhook: new WebhookSettings(receiver.Url + "hook")), Token);

        var told = await Host.RaiseAsync(NotificationKit.Alert("signed"), Token);
        var request = Assert.Single(await receiver.WaitForAsync(1, Token));

        Assert.Equal(["hook-signed"], told);
        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        var timestamp = request.Headers["X-Dashboard-Timestamp"];
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(created.Secret!), Encoding.UTF8.GetBytes($"{timestamp}.{request.Body}")));
        Assert.Equal(expected, request.Headers["X-Dashboard-Signature"]);
        Assert.Equal("down", request.Headers["X-Dashboard-Event"]);
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal(("down", "db-port", "signed"), (root.GetProperty("event").GetString(), root.GetProperty("watch").GetProperty("name").GetString(),
            root.GetProperty("watch").GetProperty("group").GetString()));
        Assert.Equal(42, root.GetProperty("incident").GetProperty("id").GetInt64());
        Assert.False(root.GetProperty("incident").TryGetProperty("durationSeconds", out _));
        var channel = await Host.WaitForChannelAsync(created.Channel.Id, c => c.Delivered == 1, Token);
        Assert.Equal(0, channel.Counters.Failed);
    }

    [Fact]
    public async Task Slack_RecoveryForItsGroup_PostsEscapedTextAndSkipsOtherGroups()
    {
        await using var receiver = await HookReceiver.StartAsync(IPAddress.Loopback, Token);
        await Host.CreateChannelAsync(new ChannelRequest("chat", "slack", ["slack-team"], ["recovered"], Slack: new SlackSettings(receiver.Url + "services/T0/B0/xyz")), Token);

        var otherGroup = await Host.RaiseAsync(NotificationKit.Alert("slack-other", WatchAlertKind.Recovered), Token);
        var notRouted = await Host.RaiseAsync(NotificationKit.Alert("slack-team", WatchAlertKind.Down), Token);
        var told = await Host.RaiseAsync(NotificationKit.Alert("slack-team", WatchAlertKind.Recovered), Token);
        var request = Assert.Single(await receiver.WaitForAsync(1, Token));

        Assert.Empty(otherGroup);
        Assert.Empty(notRouted);
        Assert.Equal(["chat"], told);
        Assert.Equal("/services/T0/B0/xyz", request.Path);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        var text = JsonDocument.Parse(request.Body).RootElement.GetProperty("text").GetString()!;
        Assert.StartsWith(":large_green_circle: *RECOVERED: db-port (slack-team) from this server*", text, StringComparison.Ordinal);
        Assert.Contains("ECONNREFUSED (111): &lt;refused&gt; &amp; closed", text, StringComparison.Ordinal);
        Assert.Contains("lasted 1m 30s", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ntfy_Down_PostsTextWithTitlePriorityTagsAndToken()
    {
        await using var receiver = await HookReceiver.StartAsync(IPAddress.Loopback, Token);
        await Host.CreateChannelAsync(new ChannelRequest("phone", "ntfy", ["ntfy-team"], Ntfy: new NtfySettings(receiver.Url.ToString(), "team_alerts", "tk_secret_123")), Token);

        await Host.RaiseAsync(NotificationKit.Alert("ntfy-team"), Token);
        var request = Assert.Single(await receiver.WaitForAsync(1, Token));

        Assert.Equal(("POST", "/team_alerts"), (request.Method, request.Path));
        Assert.Equal("DOWN: db-port (ntfy-team) from this server", request.Headers["Title"]);
        Assert.Equal(("high", "rotating_light"), (request.Headers["Priority"], request.Headers["Tags"]));
        Assert.Equal("Bearer tk_secret_123", request.Headers["Authorization"]);
        Assert.Contains("Reason: ECONNREFUSED (111): <refused> & closed", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_Down_ArrivesAtARealSmtpServerWithSubjectRecipientsAndBody()
    {
        await using var smtp = await SmtpSink.StartAsync(Token);
        await Host.CreateChannelAsync(new ChannelRequest("mail", "email", ["mail-team"],
            Email: new EmailSettings("127.0.0.1", smtp.Port, "none", null, null, "dashboard@example.test", ["ops@example.test", "dba@example.test"])), Token);

        var told = await Host.RaiseAsync(NotificationKit.Alert("mail-team"), Token);
        var message = await smtp.WaitForMessageAsync(Token);

        Assert.Equal(["mail"], told);
        Assert.Equal("[Socket Dashboard] DOWN: db-port (mail-team) from this server", message.Subject);
        Assert.Equal(["ops@example.test", "dba@example.test"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("dashboard@example.test", message.From.Mailboxes.Single().Address);
        Assert.Contains("Target: tcp 127.0.0.1:5432 expect open", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Incident 42 since", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_Answering500Twice_IsRetriedAndCountedAsOneDelivery()
    {
        await using var receiver = await HookReceiver.StartAsync(IPAddress.Loopback, Token);
        receiver.Answer = n => (n <= 2 ? 500 : 200, null);
        var created = await Host.CreateChannelAsync(new ChannelRequest("flaky", "webhook", ["retry"], Webhook: new WebhookSettings(receiver.Url.ToString())), Token);

        await Host.RaiseAsync(NotificationKit.Alert("retry"), Token);
        var channel = await Host.WaitForChannelAsync(created.Channel.Id, c => c.Delivered + c.Failed > 0, Token);

        Assert.Equal((1L, 0L, null), (channel.Counters.Delivered, channel.Counters.Failed, channel.Counters.LastError));
        Assert.Equal(3, receiver.Received.Count);
        Assert.NotNull(channel.Counters.LastDeliveredAt);
    }

    [Fact]
    public async Task Webhook_AlwaysAnswering500_IsCountedFailedWithTheErrorAndAudited()
    {
        await using var receiver = await HookReceiver.StartAsync(IPAddress.Loopback, Token);
        receiver.Answer = _ => (500, null);
        var created = await Host.CreateChannelAsync(new ChannelRequest("broken", "webhook", ["fail"], Webhook: new WebhookSettings(receiver.Url.ToString())), Token);

        await Host.RaiseAsync(NotificationKit.Alert("fail"), Token);
        var channel = await Host.WaitForChannelAsync(created.Channel.Id, c => c.Failed > 0, Token);
        var audited = await Host.AuditRowsAsync(AuditActions.NotifyFailed, "broken", Token);

        Assert.Equal((0L, 1L), (channel.Counters.Delivered, channel.Counters.Failed));
        Assert.Equal("the destination answered 500 Internal Server Error (tried 3 times)", channel.Counters.LastError);
        Assert.Equal(3, receiver.Received.Count);
        var row = Assert.Single(audited);
        Assert.Equal("failed", row.Outcome);
        Assert.Contains("500 Internal Server Error", row.Detail, StringComparison.Ordinal);
    }
}
