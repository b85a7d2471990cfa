using System.Globalization;
using Dashboard.Contracts.Scan;

namespace Dashboard.Benchmarks;

/// <summary>
/// One host in another namespace behind a veth that drops 5 % of packets each way (iptables
/// statistic, run.sh), ports 1-1000 with a few open: no open port may be missed, at most 0.5 %
/// of the closed ones reported filtered, in no more time than nmap's default timing.
/// </summary>
internal static class LossyScanBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var truth = new SortedSet<string>(options.Open, StringComparer.Ordinal);
        await using var dashboard = await DashboardProcess.StartAsync(options.WebDll, settings: BenchmarkOptions.WebEnvironment());
        var request = new ScanRequest(options.Target, "1-1000");
        var runs = new Dictionary<string, List<NetworkOutcome>>
        {
            ["hub (all 1,000 results received)"] = [],
            ["engine alone"] = [],
            [$"nmap -n -sT -Pn -p 1-1000 {options.Target} (default timing)"] = [],
        };
        for (var round = 0; round < options.Rounds; round++)
        {
            runs.ElementAt(0).Value.Add(await NetworkContenders.HubAsync(dashboard, request));
            runs.ElementAt(1).Value.Add(await NetworkContenders.EngineAsync(request));
            runs.ElementAt(2).Value.Add(await NetworkContenders.NmapAsync(["-n", "-sT", "-Pn", "-p", "1-1000", options.Target]));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round + 1}: {string.Join(", ", runs.Select(r => $"{r.Key.Split(' ')[0]} {r.Value[^1].Seconds:F2} s ({r.Value[^1].Filtered} filtered)"))}"));
        }

        return NetworkReport.Print($"Lossy link: {options.Target}, 5 % loss each way, ports 1-1000 ({truth.Count} open), {options.Rounds} runs",
            runs, truth, hostsDown: -1, closedPorts: 1000 - truth.Count, maxFilteredShare: 0.005);
    }
}
