using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Features.Notifications;
using Dashboard.Web.Tests.Features.Notifications;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary>From a port's change to a team's webhook: the watch confirms it, the incident is kept, the channel tells.</summary>
public sealed class WatchNotifyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APortThatCloses_ReachesTheGroupsWebhookSignedOnce_AndItsRecoveryOnce()
    {
        using var host = WatchHosts.EverySecond();
        await using var receiver = await HookReceiver.StartAsync(IPAddress.Loopback, Token);
        var channel = await host.CreateChannelAsync(new ChannelRequest("db team hook", "webhook", ["db"], Webhook: new WebhookSettings(receiver.Url + "hook")), Token);
        var listener = new LoopbackListener(IPAddress.Loopback);
        var port = listener.Port;
        var watch = await host.Watches().CreateAsync(host.Admin, WatchHosts.Tcp("orders db", port) with { Group = "db", ConfirmAfter = 2 }, Token);
        await host.WaitForAsync(host.Admin, watch.Id, s => s.Status == WatchStatus.Up);

        listener.Dispose();
        var down = Assert.Single(await receiver.WaitForAsync(1, Token));
        using var reopened = new LoopbackListener(IPAddress.Loopback, port);
        var both = await receiver.WaitForAsync(2, Token);
        await host.WaitForAsync(host.Admin, watch.Id, s => s.Status == WatchStatus.Up && s.Streak >= 3);

        Assert.Equal(2, receiver.Received.Count);
        using var downJson = JsonDocument.Parse(down.Body);
        Assert.Equal("down", downJson.RootElement.GetProperty("event").GetString());
        Assert.Equal("orders db", downJson.RootElement.GetProperty("watch").GetProperty("name").GetString());
        Assert.Contains("ECONNREFUSED", downJson.RootElement.GetProperty("reason").GetString());
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(channel.Secret!),
            Encoding.UTF8.GetBytes($"{down.Headers["X-Dashboard-Timestamp"]}.{down.Body}")));
        Assert.Equal(signature, down.Headers["X-Dashboard-Signature"]);
        using var upJson = JsonDocument.Parse(both[1].Body);
        Assert.Equal("recovered", upJson.RootElement.GetProperty("event").GetString());
        var incident = Assert.Single(await host.Reads().IncidentsAsync(host.Admin, watch.Id, false, null, Token));
        Assert.Equal("down: db team hook; recovered: db team hook", incident.Notified);
    }
}
