using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>Prints the runs of network scans side by side against the truth the namespaces were built with.</summary>
internal static class NetworkReport
{
    /// <summary>One row per run; 1 when a goal is missed (open ports missed or invented, hosts down miscounted, too many filtered).</summary>
    public static int Print(string title, IReadOnlyDictionary<string, List<NetworkOutcome>> runs, SortedSet<string> truth, int hostsDown,
        int closedPorts, double maxFilteredShare)
    {
        Console.WriteLine($"## {title}");
        Console.WriteLine();
        Console.WriteLine("| contender | median s | ratio to nmap | runs (s) | open found / missed / extra | hosts up / down | closed reported filtered | port rows |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        var nmapMedian = Median(runs.Single(r => r.Key.StartsWith("nmap", StringComparison.Ordinal)).Value);
        var ok = true;
        foreach (var (name, outcomes) in runs)
        {
            var missed = outcomes.Max(o => truth.Count(t => !o.Open.Contains(t)));
            var extra = outcomes.Max(o => o.Open.Count(t => !truth.Contains(t)));
            var filtered = outcomes.Max(o => o.Filtered);
            var share = closedPorts == 0 ? 0 : (double)filtered / closedPorts;
            var downOk = hostsDown < 0 || outcomes.All(o => o.HostsDown == hostsDown);
            ok &= missed == 0 && extra == 0 && downOk && share <= maxFilteredShare;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Median(outcomes):F3} | {Median(outcomes) / nmapMedian:F2}× | {string.Join(" ", outcomes.Select(o => o.Seconds.ToString("F3", CultureInfo.InvariantCulture)))} | {outcomes[0].Open.Count} / {missed} / {extra} | {outcomes[0].HostsUp} / {string.Join(",", outcomes.Select(o => o.HostsDown).Distinct())} | {filtered} of {closedPorts} ({share:P2}) | {(outcomes[0].PortRows == 0 ? "-" : outcomes.Max(o => o.PortRows).ToString("N0", CultureInfo.InvariantCulture))} |"));
        }

        Console.WriteLine();
        Console.WriteLine(ok
            ? "every contender: no open port missed or invented, hosts down as built, filtered within the goal"
            : "MISMATCH: a contender missed or invented open ports, miscounted hosts down or reported too many closed ports filtered (worst run shown)");
        Console.WriteLine();
        return ok ? 0 : 1;
    }

    private static double Median(List<NetworkOutcome> outcomes)
    {
        var sorted = outcomes.Select(o => o.Seconds).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
