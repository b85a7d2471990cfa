using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.History;

/// <summary>
/// The real dashboard as a process on loopback, killed with SIGKILL while a client floods its UDP listener and a
/// watcher streams the events: every event the watcher was shown is in the session stored before the kill.
/// </summary>
public sealed class ListenerCrashTests
{
    /// <summary>Datagram events the watcher receives before the kill: the last of them arrives a moment before it.</summary>
    private const int KillAfter = 40;

    [Fact(Timeout = 180_000)]
    public async Task Kill9_WhileAClientSendsToAListener_KeepsEveryEventAWatcherReceived()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var dataDir = Directory.CreateTempSubdirectory("sd-listener-crash-").FullName;
        ListenerInfo listener;
        var shown = new List<ListenerEvent>();
        try
        {
            await using (var doomed = await DashboardProcess.StartAsync(WebBuild.Dll(), dataDir: dataDir))
            {
                using var http = doomed.Http();
                using (var opened = await http.PostAsync("api/listeners", new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", 0), cancellation))
                {
                    listener = (await opened.Content.ReadFromJsonAsync<ListenerInfo>(cancellation))!;
                }

                await using var hub = doomed.Hub();
                await hub.StartAsync(cancellation);
                using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                var sender = SendUntilCancelledAsync(IPEndPoint.Parse(listener.LocalEndPoint), sending.Token);
                try
                {
                    await foreach (var e in hub.StreamAsync<ListenerEvent>(ProbeHubRoutes.WatchListener, listener.Id, cancellation))
                    {
                        shown.Add(e);
                        if (shown.Count(s => s.Kind == ListenerEventKind.Datagram) == KillAfter)
                        {
                            await doomed.KillAsync();
                        }
                    }
                }
                catch (Exception e) when (e is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or OperationCanceledException
                                              or HttpRequestException or IOException or System.Net.WebSockets.WebSocketException)
                {
                    // The stream dies with the process.
                }

                await sending.CancelAsync();
                await sender;
                Assert.True(doomed.HasExited);
            }

            var datagrams = shown.Where(e => e.Kind == ListenerEventKind.Datagram).ToList();
            Assert.InRange(datagrams.Count, KillAfter, int.MaxValue);

            await using var restarted = await DashboardProcess.StartAsync(WebBuild.Dll(), dataDir: dataDir);
            using var api = restarted.Http();
            var stored = new List<ListenerEvent>();
            for (long after = 0; ;)
            {
                var page = (await api.GetFromJsonAsync<List<ListenerEvent>>(new Uri($"api/listeners/{listener.Id}/events?after={after}", UriKind.Relative), cancellation))!;
                if (page.Count == 0)
                {
                    break;
                }

                stored.AddRange(page);
                after = page[^1].Seq;
            }

            var storedDatagrams = stored.Where(e => e.Kind == ListenerEventKind.Datagram).ToDictionary(e => e.Seq, e => e.PayloadText);
            Assert.All(datagrams, e => Assert.Equal(e.PayloadText, Assert.Contains(e.Seq, storedDatagrams)));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task SendUntilCancelledAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        using var client = new UdpClient(AddressFamily.InterNetwork);
        try
        {
            for (var i = 0; ; i++)
            {
                await client.SendAsync(Encoding.UTF8.GetBytes($"datagram {i}"), target, cancellationToken);
                await Task.Delay(2, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
            // The port went away with the process (ICMP unreachable reported on a later send).
        }
    }
}
