using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Features.Scan;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Hosting;

public sealed class ShutdownTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Shutdown_WithAScanRunningAndAListenerOpen_MarksBothInterruptedAndTellsWatchers()
    {
        using var saturated = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        var host = new DashboardHost();
        var jobs = host.Services.GetRequiredService<ScanJobs>();
        await using var hub = await host.ConnectHubAsync(Token);
        var notice = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<string>(nameof(IProbeClient.ServerStopping), message => notice.TrySetResult(message));
        var batches = new List<ScanBatch>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in hub.StreamAsync<ScanBatch>(ProbeHubRoutes.Scan,
                                   new ScanRequest("127.0.0.1", saturated.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeoutMs: 10_000), Token))
                {
                    batches.Add(batch);
                    first.TrySetResult();
                }
            }
            // After its last batch the stream may end either way: completed, or the connection closing under it.
            catch (Exception e) when (e is HubException or OperationCanceledException or InvalidOperationException
                                          or System.Net.WebSockets.WebSocketException or IOException)
            {
                first.TrySetResult();
            }
        }, Token);
        await first.Task;
        using var http = ApiClient.For(host);
        using var created = await http.PostJsonAsync("api/listeners", "{\"protocol\":\"udp\",\"bindAddress\":\"127.0.0.1\",\"port\":0}", Token);
        var info = await created.Content.ReadFromJsonAsync<ListenerInfo>(Token);
        var listenerEvents = new List<ListenerEvent>();
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listening = Task.Run(async () =>
        {
            await foreach (var e in hub.StreamAsync<ListenerEvent>(ProbeHubRoutes.WatchListener, info!.Id, Token))
            {
                listenerEvents.Add(e);
                heard.TrySetResult();
            }
        }, Token);
        var job = Assert.Single(jobs.Recent());
        // The watch must deliver before the server stops, or it has nothing to be told: a datagram until one is heard
        // (the history recorder watches too, so the listener's watcher count alone does not prove this watch is there).
        using var sender = new UdpClient(AddressFamily.InterNetwork);
        while (!heard.Task.IsCompleted)
        {
            await sender.SendAsync("before the stop"u8.ToArray(), IPEndPoint.Parse(info!.LocalEndPoint), Token);
            await Task.WhenAny(heard.Task, Task.Delay(100, Token));
        }

        await host.DisposeAsync();

        Assert.Equal(ScanState.Interrupted, job.State);
        Assert.Equal(ScanJobs.ShutdownReason, job.Reason);
        Assert.Equal("the server is shutting down: running scans end interrupted and listeners close", await notice.Task.WaitAsync(TimeSpan.FromSeconds(5), Token));
        await watching.WaitAsync(TimeSpan.FromSeconds(5), Token);
        Assert.Equal(ScanOutcome.Interrupted, batches[^1].Outcome);
        await listening.WaitAsync(TimeSpan.FromSeconds(5), Token).ContinueWith(_ => { }, TaskScheduler.Default);
        var stopped = Assert.Single(listenerEvents, e => e.Kind == ListenerEventKind.Stopped);
        Assert.Equal("interrupted: the server is shutting down; a restart does not reopen listeners, open a new one", stopped.Message);
    }
}
