using System.Globalization;
using Dashboard.Contracts.Scan;

namespace Dashboard.Benchmarks;

/// <summary>
/// A /24 in another namespace (run.sh builds it) with a few live hosts and the rest absent (ARP goes
/// unanswered), nmap's top 100 ports: ours with host discovery against nmap's default connect scan
/// with its own. Every absent host must be reported down once, the open ports must be the truth.
/// </summary>
internal static class LanScanBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var truth = new SortedSet<string>(options.Open, StringComparer.Ordinal);
        await using var dashboard = await DashboardProcess.StartAsync(options.WebDll, settings: BenchmarkOptions.WebEnvironment());
        var request = new ScanRequest(options.Target, "top100");
        var runs = new Dictionary<string, List<NetworkOutcome>>
        {
            ["hub (host and port results received by a SignalR client)"] = [],
            ["engine alone"] = [],
            [$"nmap -n -sT --top-ports 100 {options.Target}"] = [],
        };
        for (var round = 0; round < options.Rounds; round++)
        {
            runs.ElementAt(0).Value.Add(await NetworkContenders.HubAsync(dashboard, request));
            runs.ElementAt(1).Value.Add(await NetworkContenders.EngineAsync(request));
            runs.ElementAt(2).Value.Add(await NetworkContenders.NmapAsync(["-n", "-sT", "--top-ports", "100", options.Target]));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round + 1}: {string.Join(", ", runs.Select(r => $"{r.Key.Split(' ')[0]} {r.Value[^1].Seconds:F2} s"))}"));
        }

        return NetworkReport.Print(
            $"LAN sweep: {options.Target} with {options.LiveHosts} live hosts (the rest absent), top 100 ports, host discovery on",
            runs, truth, hostsDown: 256 - options.LiveHosts, closedPorts: 0, maxFilteredShare: 0);
    }
}
