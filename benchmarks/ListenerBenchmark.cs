using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Benchmarks;

/// <summary>
/// Our listeners under load, inside a private network namespace: a TCP connect burst (20,000
/// connections, 512 at a time) and UDP floods at fixed rates, each compared with what the
/// listener's counters recorded.
/// </summary>
internal static class ListenerBenchmark
{
    private const int Connections = 20_000;
    private const int InFlight = 512;

    // A burst outruns any accept loop for a moment (a GC, a busy pool): a deep accept queue absorbs
    // that, as with any server that takes bursts. run.sh raises net.core.somaxconn to allow it.
    private const int Backlog = 16_384;

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        await using var dashboard = await DashboardProcess.StartAsync(options.WebDll, settings: BenchmarkOptions.WebEnvironment());
        await using var hub = dashboard.Hub();
        await hub.StartAsync();
        var ok = true;
        Console.WriteLine("## Listeners under load (private netns)");
        Console.WriteLine();
        Console.WriteLine("| test | sent | recorded by the listener | rate | exact |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");

        var rates = new List<double>();
        for (var round = 0; round < options.Rounds; round++)
        {
            var tcp = await hub.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0, Backlog: Backlog));
            var cpu = dashboard.CpuSeconds();
            var ownCpu = Environment.CpuUsage.TotalTime.TotalSeconds;
            var overflows = TcpExt("ListenOverflows");
            var (seconds, recorded) = await BurstAsync(hub, tcp);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"burst took {seconds:F2} s; CPU s used: dashboard {dashboard.CpuSeconds() - cpu:F2}, clients {Environment.CpuUsage.TotalTime.TotalSeconds - ownCpu:F2}; accept queue overflows {TcpExt("ListenOverflows") - overflows}"));
            ok &= recorded == Connections;
            rates.Add(Connections / seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| TCP connect burst {round + 1}: {Connections:N0} connections, {InFlight} at a time | {Connections:N0} | {recorded:N0} | {Connections / seconds:N0} accepts/s | {(recorded == Connections ? "yes" : "NO")} |"));
            await hub.InvokeAsync(ProbeHubRoutes.CloseListener, tcp.Id);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| TCP connect bursts, median of {rates.Count} | | | {rates.Order().ElementAt(rates.Count / 2):N0} accepts/s | |"));

        // Warm the dashboard's UDP path (JIT) once, unreported, as the scan benchmark warms its own.
        var warm = await hub.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", 0));
        await FloodAsync(IPEndPoint.Parse(warm.LocalEndPoint), 100_000, TimeSpan.FromSeconds(0.5));
        await hub.InvokeAsync(ProbeHubRoutes.CloseListener, warm.Id);

        foreach (var rate in new[] { 150_000, 200_000, 250_000 })
        {
            var udp = await hub.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", 0));
            var sent = await FloodAsync(IPEndPoint.Parse(udp.LocalEndPoint), rate, TimeSpan.FromSeconds(1));
            await SettleAsync(hub, udp.Id, i => i.Datagrams + (i.DatagramsLost ?? 0), sent);
            var settled = (await hub.InvokeAsync<ListenerInfo[]>(ProbeHubRoutes.ListListeners)).Single(l => l.Id == udp.Id);
            var (recorded, lost) = (settled.Datagrams, settled.DatagramsLost ?? 0);
            // Every datagram must be accounted for, received or counted as lost (the flooding client takes one of two cores).
            ok &= recorded + lost == sent;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| UDP flood for 1 s at {rate:N0} datagrams/s (32 bytes each) | {sent:N0} | {recorded:N0} + {lost:N0} lost (buffer full) | {recorded:N0} datagrams/s | {(recorded == sent ? "yes" : recorded + lost == sent ? "all counted" : "NO")} |"));
            await hub.InvokeAsync(ProbeHubRoutes.CloseListener, udp.Id);
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dashboard peak RSS: {dashboard.PeakRssMiB():F0} MiB"));
        Console.WriteLine();
        return ok ? 0 : 1;
    }

    private static async Task<(double Seconds, long Recorded)> BurstAsync(HubConnection hub, ListenerInfo listener)
    {
        var target = IPEndPoint.Parse(listener.LocalEndPoint);
        var started = Stopwatch.GetTimestamp();
        var failed = 0;
        await Parallel.ForAsync(0, Connections, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (_, token) =>
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.LingerState = new LingerOption(true, 0);
            try
            {
                await client.ConnectAsync(target, token);
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref failed);
            }
        });
        if (failed > 0)
        {
            Console.Error.WriteLine($"{failed} connects failed");
        }

        var recorded = await SettleAsync(hub, listener.Id, i => i.Connections, Connections);
        return (Stopwatch.GetElapsedTime(started).TotalSeconds, recorded);
    }

    /// <summary>A counter of /proc/net/netstat's TcpExt lines, for this network namespace.</summary>
    private static long TcpExt(string name)
    {
        var lines = File.ReadAllLines("/proc/net/netstat").Where(l => l.StartsWith("TcpExt:", StringComparison.Ordinal)).ToArray();
        var index = Array.IndexOf(lines[0].Split(' '), name);
        return long.Parse(lines[1].Split(' ')[index], CultureInfo.InvariantCulture);
    }

    private static Task<long> FloodAsync(IPEndPoint target, int rate, TimeSpan duration) => Task.Run(() =>
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Connect(target);
        var payload = new byte[32];
        long sent = 0;
        var started = Stopwatch.GetTimestamp();
        var total = (long)(rate * duration.TotalSeconds);
        while (sent < total)
        {
            // Paced: never ahead of the schedule, so the rate is the one asked for.
            var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate);
            for (; sent < Math.Min(due, total); sent++)
            {
                sender.Send(payload);
            }
        }

        return sent;
    });

    private static async Task<long> SettleAsync(HubConnection hub, string id, Func<ListenerInfo, long> counter, long expected)
    {
        long last = -1;
        // SYNs dropped by a full accept queue come again after 1 s and then 3 s: wait that long before giving up.
        for (var quiet = 0; quiet < 100;)
        {
            var listed = await hub.InvokeAsync<ListenerInfo[]>(ProbeHubRoutes.ListListeners);
            var now = counter(listed.Single(l => l.Id == id));
            if (now == expected)
            {
                return now;
            }

            quiet = now == last ? quiet + 1 : 0;
            last = now;
            await Task.Delay(50);
        }

        return last;
    }
}
