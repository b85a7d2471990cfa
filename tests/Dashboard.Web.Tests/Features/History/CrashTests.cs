using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.History;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.History;

/// <summary>
/// The real dashboard as a process in a private network namespace (<c>unshare --net</c>: a full-range scan of
/// its own loopback touches nothing else), killed with SIGKILL in the middle of a 65,535-port scan while a
/// watcher streams it and a UDP listener is open. The next start shows the scan interrupted with every
/// result stored, at least every result the watcher had received, and the listener interrupted with its events.
/// </summary>
public sealed class CrashTests
{
    /// <summary>The kill comes with the first batch the watcher receives: a few thousand results into a scan of 65,535.</summary>
    private const int KillAfter = 1;

    [Fact(Timeout = 240_000)]
    public async Task Kill9_DuringAFullRangeScan_LeavesItInterrupted_WithEverythingAWatcherReceived_AndTheListenerWithItsEvents()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var dataDir = Directory.CreateTempSubdirectory("sd-crash-").FullName;
        string scanId;
        ListenerInfo listener;
        var received = new HashSet<int>();
        await using (var doomed = await DashboardProcess.StartAsync(WebBuild.Dll(), privateNetwork: true, dataDir: dataDir))
        {
            using var http = doomed.Http();
            using (var opened = await http.PostAsync("api/listeners", new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", 0), cancellation))
            {
                listener = (await opened.Content.ReadFromJsonAsync<ListenerInfo>(cancellation))!;
            }

            var port = int.Parse(listener.LocalEndPoint.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
            using (await http.PostAsync("api/udp", new UdpSendRequest("127.0.0.1", port, "before the crash", WaitReplyMs: 10), cancellation))
            {
            }

            // The datagram is stored within a flush interval; the listener's item counts it once it is.
            while ((await http.GetFromJsonAsync<JsonElement>(new Uri($"api/history/{listener.Id}", UriKind.Relative), cancellation))
                   .GetProperty("entry").GetProperty("items").GetInt64() < 1)
            {
                await Task.Delay(50, cancellation);
            }

            await using var hub = doomed.Hub();
            await hub.StartAsync(cancellation);
            scanId = "";
            try
            {
                await foreach (var batch in hub.StreamAsync<ScanBatch>(ProbeHubRoutes.Scan,
                                   new ScanRequest("127.0.0.1", "-", TimeoutMs: 1_000, Concurrency: 128, Discovery: HostDiscovery.Off), cancellation))
                {
                    scanId = batch.ScanId;
                    received.UnionWith(batch.Results.Select(r => r.Port));
                    if (received.Count >= KillAfter)
                    {
                        await doomed.KillAsync();
                    }
                }
            }
            catch (Exception e) when (e is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or OperationCanceledException or HttpRequestException or IOException)
            {
                // The stream dies with the process.
            }

            Assert.True(doomed.HasExited);
            Assert.InRange(received.Count, KillAfter, 65_534);
        }

        try
        {
            await using var restarted = await DashboardProcess.StartAsync(WebBuild.Dll(), privateNetwork: true, dataDir: dataDir);
            using var api = restarted.Http();

            var status = await api.GetFromJsonAsync<ScanStatus>(new Uri($"api/scans/{scanId}", UriKind.Relative), cancellation);
            Assert.Equal(ScanState.Interrupted, status!.State);
            Assert.InRange(status.Completed, received.Count, 65_534);
            Assert.NotNull(status.Reason);
            var stored = await api.GetFromJsonAsync<ScanResultsPage>(new Uri($"api/scans/{scanId}/results?pageSize=10000&page=1", UriKind.Relative), cancellation);
            var ports = new HashSet<int>(stored!.Results.Select(r => r.Port));
            for (var page = 2; (page - 1) * 10_000 < stored.Matching; page++)
            {
                var next = await api.GetFromJsonAsync<ScanResultsPage>(new Uri($"api/scans/{scanId}/results?pageSize=10000&page={page}", UriKind.Relative), cancellation);
                ports.UnionWith(next!.Results.Select(r => r.Port));
            }

            Assert.Equal(status.Completed, ports.Count);
            Assert.Subset(ports, received);

            // A watcher of the interrupted scan is told, the way a shutdown tells it.
            await using var hub = restarted.Hub();
            await hub.StartAsync(cancellation);
            var last = await hub.StreamAsync<ScanBatch>(ProbeHubRoutes.WatchScan, scanId, cancellation).LastAsync(cancellation);
            Assert.Equal((true, ScanOutcome.Interrupted, status.Completed), (last.Done, last.Outcome, last.Completed));

            var info = await api.GetFromJsonAsync<ListenerInfo>(new Uri($"api/listeners/{listener.Id}", UriKind.Relative), cancellation);
            Assert.Equal(ListenerState.Interrupted, info!.State);
            var events = await api.GetFromJsonAsync<List<ListenerEvent>>(new Uri($"api/listeners/{listener.Id}/events", UriKind.Relative), cancellation);
            Assert.Contains(events!, e => e.Kind == ListenerEventKind.Datagram && e.PayloadText == "before the crash");
            Assert.Equal(ListenerEventKind.Stopped, events![^1].Kind);

            var interrupted = await api.GetFromJsonAsync<HistoryPage>(new Uri("api/history?state=interrupted", UriKind.Relative), cancellation);
            Assert.Equal(new[] { listener.Id, scanId }.Order(), interrupted!.Items.Select(i => i.Id).Order());
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
