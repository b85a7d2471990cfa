using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Scan;

namespace Dashboard.Benchmarks;

/// <summary>
/// All 65,535 ports of 127.0.0.1 inside a private network namespace (the only listeners are ours):
/// hub, engine and nmap alternating, same open ports required of all three.
/// </summary>
internal static class LoopbackScanBenchmark
{
    private static readonly int[] KnownOpen = [22, 80, 443, 8080, 31337];

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var listeners = KnownOpen.Select(port =>
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return listener;
        }).ToList();
        await using var dashboard = await DashboardProcess.StartAsync(options.WebDll, settings: BenchmarkOptions.WebEnvironment());
        var request = new ScanRequest("127.0.0.1", "-", TimeoutMs: 1000, Concurrency: 1024, Compact: true);
        var hub = new Measurement("hub (all 65,535 results received by a SignalR client, compact batches)");
        var engine = new Measurement("engine alone");
        var nmap = new Measurement("nmap -n -sT -p- --min-rate 20000");
        var reference = new Measurement("C reference: two cscan processes (benchmarks/cscan/cscan.c), one per core");

        await Contenders.HubAsync(dashboard, request);
        await Contenders.EngineAsync(request);
        var descriptorsBefore = dashboard.OpenDescriptors();
        for (var round = 0; round < options.Rounds; round++)
        {
            var (s, open, n) = await Contenders.HubAsync(dashboard, request);
            hub.Add(s, open, n);
            (s, open, n) = await Contenders.EngineAsync(request);
            engine.Add(s, open, n);
            (s, open, n) = await Contenders.NmapAsync(["-n", "-sT", "-p-", "--min-rate", "20000", "127.0.0.1"]);
            nmap.Add(s, open, n);
            if (options.CScan.Length > 0)
            {
                (s, open, n) = await Contenders.CReferenceAsync(options.CScan, "127.0.0.1");
                reference.Add(s, open, 65_535);
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: hub {hub.Runs.Split(' ')[^1]} s, engine {engine.Runs.Split(' ')[^1]} s, nmap {nmap.Runs.Split(' ')[^1]} s"));
        }

        listeners.ForEach(l => l.Stop());
        var expected = KnownOpen.Append(dashboard.Port).Order();
        var note = string.Create(CultureInfo.InvariantCulture,
            $"dashboard peak RSS: {dashboard.PeakRssMiB():F0} MiB; its descriptors before/after {options.Rounds + 1} more full-range scans: {descriptorsBefore}/{dashboard.OpenDescriptors()}; sockets in TIME_WAIT now (ours and nmap's): {DashboardProcess.TimeWaitSockets()}");
        if (options.CScan.Length > 0)
        {
            note += string.Create(CultureInfo.InvariantCulture,
                $"\nhub / C reference: {hub.Median / reference.Median:F2}×; engine / C reference: {engine.Median / reference.Median:F2}×");
        }

        Measurement[] ours = options.CScan.Length > 0 ? [hub, engine, reference] : [hub, engine];
        return Report.Print("Full-range TCP connect scan of 127.0.0.1 (65,535 ports, private netns)", nmap, ours, expected, note, 65_535);
    }
}
