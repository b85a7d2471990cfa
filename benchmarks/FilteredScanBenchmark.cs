using System.Globalization;
using Dashboard.Contracts.Scan;

namespace Dashboard.Benchmarks;

/// <summary>
/// 2,001 ports of a host in another namespace (run.sh makes it): 20000 open, 20001-21000 dropped,
/// 21001-22000 refused; 1 s timeout. Ours against nmap's default timing.
/// </summary>
internal static class FilteredScanBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        await using var dashboard = await DashboardProcess.StartAsync(options.WebDll, settings: BenchmarkOptions.WebEnvironment());
        var request = new ScanRequest(options.Target, "20000-22000", TimeoutMs: 1000, Concurrency: 4096);
        var hub = new Measurement("hub (all 2,001 results received)");
        var engine = new Measurement("engine alone");
        var nmap = new Measurement("nmap -n -sT -p 20000-22000 (default timing)");
        for (var round = 0; round < options.Rounds; round++)
        {
            var (s, open, n) = await Contenders.HubAsync(dashboard, request);
            hub.Add(s, open, n);
            (s, open, n) = await Contenders.EngineAsync(request);
            engine.Add(s, open, n);
            (s, open, n) = await Contenders.NmapAsync(["-n", "-sT", "-Pn", "-p", "20000-22000", options.Target]);
            nmap.Add(s, open, n);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: hub {hub.Runs.Split(' ')[^1]} s, engine {engine.Runs.Split(' ')[^1]} s, nmap {nmap.Runs.Split(' ')[^1]} s"));
        }

        return Report.Print($"2,001 ports of {options.Target} in another namespace: 1,000 dropped, 1,000 refused, 1 open; 1 s timeout",
            nmap, [hub, engine], [20000], string.Create(CultureInfo.InvariantCulture, $"dashboard peak RSS: {dashboard.PeakRssMiB():F0} MiB"), 2_001);
    }
}
