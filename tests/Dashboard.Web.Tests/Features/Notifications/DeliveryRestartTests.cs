using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.Web.Tests.Features.Notifications;

/// <summary>
/// A delivery queued is made even when the dashboard (a real process, embedded SQLite) is killed (kill -9) while it is
/// in flight: the restarted dashboard makes it again, and then the queue is empty.
/// </summary>
public sealed class DeliveryRestartTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADeliveryInFlightWhenTheDashboardIsKilled_IsMadeAfterTheRestart()
    {
        var dataDir = Directory.CreateTempSubdirectory("sd-delivery-restart-").FullName;
        // The same instance started again: by default an instance is named by its machine and port, and a test's port is new
        // at every start; another instance would make the delivery too, once the dead one's claim ran out.
        var settings = new Dictionary<string, string> { ["Watches__AdminMinIntervalSeconds"] = "1", ["ScaleOut__InstanceName"] = "restarted" };
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await HookReceiver.StartAsync(IPAddress.Loopback, Token);
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        try
        {
            string watchId;
            receiver.Hold = held.Task;
            await using (var first = await DashboardProcess.StartAsync(WebBuild.Dll(), settings: settings, dataDir: dataDir))
            {
                using var http = first.Http();
                using var channel = await http.PostAsJsonAsync("api/notifications/channels",
                    new { name = "kept", kind = "webhook", webhook = new { url = receiver.Url + "hook" } }, Token);
                Assert.True(channel.IsSuccessStatusCode, await channel.Content.ReadAsStringAsync(Token));
                watchId = await WatchFleet.CreateTcpAsync(http, "down at once", "127.0.0.1", closed.Ports[0], 1, Token);
                // The alert reached the receiver, which holds it unanswered: in flight when the dashboard dies.
                await receiver.WaitForAsync(1, Token);
                await first.KillAsync();
            }

            receiver.Hold = Task.CompletedTask;
            held.SetResult();
            await using var second = await DashboardProcess.StartAsync(WebBuild.Dll(), settings: settings, dataDir: dataDir);
            var received = await receiver.WaitForAsync(2, Token);
            using var http2 = second.Http();
            var queued = await QueuedAsync(http2);

            Assert.All(received, r => Assert.Equal("down", r.Headers["X-Dashboard-Event"]));
            Assert.All(received, r => Assert.Contains(watchId, r.Body, StringComparison.Ordinal));
            Assert.Equal(received[0].Body, received[1].Body);
            Assert.Equal(0, queued);
        }
        finally
        {
            held.TrySetResult();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<int> QueuedAsync(HttpClient http)
    {
        // The delivery leaves the queue just after the receiver has it: wait for that, briefly.
        for (var i = 0; ; i++)
        {
            using var overview = JsonDocument.Parse(await http.GetStringAsync("api/notifications", Token));
            var queued = overview.RootElement.GetProperty("queue").GetProperty("queued").GetInt32();
            if (queued == 0 || i == 50)
            {
                return queued;
            }

            await Task.Delay(100, Token);
        }
    }
}
