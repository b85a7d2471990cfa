using System.Globalization;
using Dashboard.Contracts.Scan;

namespace Dashboard.Benchmarks;

/// <summary>
/// A host in another namespace (run.sh makes it) that DROPs every SYN but those to its three open
/// ports: ports 1-3000, then all 65,535 (<c>FIREWALLED_FULL_ROUNDS</c> rounds, default 1, 0 to leave it
/// out: nmap takes minutes), default timeout and concurrency. Goal: at most half of <c>nmap -sT -Pn</c>'s time, the
/// same open ports, every other port <c>filtered</c>.
/// </summary>
internal static class FirewalledScanBenchmark
{
    private const double Goal = 0.5;

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var truth = new SortedSet<string>(options.Open, StringComparer.Ordinal);
        var fullRounds = int.Parse(Environment.GetEnvironmentVariable("FIREWALLED_FULL_ROUNDS") ?? "1", CultureInfo.InvariantCulture);
        await using var dashboard = await DashboardProcess.StartAsync(options.WebDll, settings: BenchmarkOptions.WebEnvironment());
        var ok = await RunOneAsync(dashboard, options.Target, "1-3000", 3_000, options.Rounds, truth);
        if (fullRounds > 0)
        {
            ok &= await RunOneAsync(dashboard, options.Target, "1-65535", 65_535, fullRounds, truth);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dashboard peak RSS: {dashboard.PeakRssMiB():F0} MiB"));
        return ok ? 0 : 1;
    }

    private static async Task<bool> RunOneAsync(DashboardProcess dashboard, string target, string ports, int count, int rounds, SortedSet<string> truth)
    {
        var request = new ScanRequest(target, ports);
        var runs = new Dictionary<string, List<NetworkOutcome>>
        {
            [$"hub (all {count:N0} results received)"] = [],
            ["engine alone"] = [],
            [$"nmap -n -sT -Pn -p {ports} (default timing)"] = [],
        };
        for (var round = 0; round < rounds; round++)
        {
            runs.ElementAt(0).Value.Add(await NetworkContenders.HubAsync(dashboard, request));
            runs.ElementAt(1).Value.Add(await NetworkContenders.EngineAsync(request));
            runs.ElementAt(2).Value.Add(await NetworkContenders.NmapAsync(["-n", "-sT", "-Pn", "-p", ports, target]));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ports} round {round + 1}: {string.Join(", ", runs.Select(r => $"{r.Key.Split(' ')[0]} {r.Value[^1].Seconds:F2} s ({r.Value[^1].Filtered} filtered)"))}"));
        }

        var dropped = count - truth.Count;
        Console.WriteLine($"## Firewalled host {target}: ports {ports}, every SYN DROPped but to {string.Join(", ", truth)}; {rounds} round(s)");
        Console.WriteLine();
        Console.WriteLine("| contender | median s | ratio to nmap | runs (s) | open found / missed / extra | filtered (of the dropped) |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        var nmap = Median(runs.Last().Value);
        var ok = true;
        foreach (var (name, outcomes) in runs)
        {
            var missed = outcomes.Max(o => truth.Count(t => !o.Open.Contains(t)));
            var extra = outcomes.Max(o => o.Open.Count(t => !truth.Contains(t)));
            var filtered = outcomes.Min(o => o.Filtered);
            var ours = !name.StartsWith("nmap", StringComparison.Ordinal);
            ok &= missed == 0 && extra == 0 && (!ours || (filtered == dropped && Median(outcomes) <= Goal * nmap));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Median(outcomes):F3} | {Median(outcomes) / nmap:F2}× | {string.Join(" ", outcomes.Select(o => o.Seconds.ToString("F3", CultureInfo.InvariantCulture)))} | {outcomes[0].Open.Count} / {missed} / {extra} | {filtered:N0} of {dropped:N0} |"));
        }

        Console.WriteLine();
        Console.WriteLine(ok
            ? $"ours: the same open ports, every dropped port filtered, within {Goal}× nmap's time"
            : $"MISSED: open ports missed or invented, a dropped port not filtered, or slower than {Goal}× nmap (worst run shown)");
        Console.WriteLine();
        return ok;
    }

    private static double Median(List<NetworkOutcome> outcomes)
    {
        var sorted = outcomes.Select(o => o.Seconds).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
