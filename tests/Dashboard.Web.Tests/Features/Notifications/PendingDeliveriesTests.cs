using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Notifications;

namespace Dashboard.Web.Tests.Features.Notifications;

/// <summary>The delivery queue is bounded: a full one drops, counts, shows and audits, and never makes the watches wait.</summary>
public sealed class PendingDeliveriesTests : IAsyncDisposable
{
    private readonly DashboardHost _host = DashboardHost.With(new Dictionary<string, string?>
    {
        ["Notifications:QueueCapacity"] = "1",
        ["Notifications:ConcurrentDeliveries"] = "1",
        ["Notifications:AttemptTimeoutSeconds"] = "120",
        ["Notifications:TotalTimeoutSeconds"] = "300",
    });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FullQueue_DropsTheNextAlert_CountsShowsAndAuditsIt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await HookReceiver.StartAsync(IPAddress.Loopback, Token);
        receiver.Hold = release.Task;
        var created = await _host.CreateChannelAsync(new ChannelRequest("burst", "webhook", Webhook: new WebhookSettings(receiver.Url.ToString())), Token);

        var first = await _host.RaiseAsync(NotificationKit.Alert("burst", name: "one"), Token);
        await receiver.WaitForAsync(1, Token);
        var second = await _host.RaiseAsync(NotificationKit.Alert("burst", name: "two"), Token);
        var third = await _host.RaiseAsync(NotificationKit.Alert("burst", name: "three"), Token);
        var overview = await _host.Services.GetRequiredService<NotificationService>().OverviewAsync(_host.Admin, Token);
        release.SetResult();
        var channel = await _host.WaitForChannelAsync(created.Channel.Id, c => c.Delivered == 2, Token);
        var audited = await _host.AuditRowsAsync(AuditActions.NotifyDropped, "burst", Token);

        Assert.Equal(["burst"], first);
        Assert.Equal(["burst"], second);
        Assert.Empty(third);
        Assert.Equal(new DeliveryQueueView(1, 1, 1), overview.Queue);
        Assert.Equal(0, channel.Counters.Failed);
        Assert.Contains("three", Assert.Single(audited).Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(receiver.Received, r => r.Body.Contains("\"three\"", StringComparison.Ordinal));
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
