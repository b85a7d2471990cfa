using System.Diagnostics;
using System.Globalization;
using Dashboard.Contracts.Scan;

namespace Dashboard.Benchmarks;

/// <summary>
/// A /16 in another namespace (run.sh builds it) with 16 live hosts spread over it and the rest absent, 8 ports: the
/// dashboard with the engine's defaults (ARP, as root), the dashboard without raw sockets (the unprivileged methods: connects
/// and the kernel's neighbour resolution), the engine alone, and nmap -sT with the same ports under a time limit, as root and
/// unprivileged (<c>--unprivileged</c>, run as nobody through setpriv), like for like with the dashboard's two rows.
/// Goals: every live host and open port, under 60 s, dashboard peak RSS under 300 MiB.
/// </summary>
internal static class SweepBenchmark
{
    private const int PeakRssGoalMiB = 300;

    private static readonly TimeSpan NmapLimit = TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("SWEEP_NMAP_LIMIT_S") ?? "300",
        CultureInfo.InvariantCulture));

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var truth = new SortedSet<string>(options.Open, StringComparer.Ordinal);
        var ports = string.Join(',', options.Open.Select(o => o.Split(':')[1]).Distinct().Order(StringComparer.Ordinal));
        var request = new ScanRequest(options.Target, ports);
        Console.WriteLine($"## Sweep: {options.Target}, {options.LiveHosts} live hosts (the rest absent), ports {ports}, host discovery on");
        Console.WriteLine();
        Console.WriteLine($"load average at the start: {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| contender | s | hosts up / down (host rows) | open found / missed of " + truth.Count + " | dashboard peak RSS |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        var ok = true;
        foreach (var (name, settings) in new[]
                 {
                     ("dashboard, as root (ARP)", new Dictionary<string, string>()),
                     ("dashboard, no raw sockets (unprivileged methods)", new Dictionary<string, string> { ["Sockets__Scan__UseRawSockets"] = "false" }),
                 })
        {
            await using var dashboard = await DashboardProcess.StartAsync(options.WebDll, settings: BenchmarkOptions.WebEnvironment(settings));
            var outcome = await NetworkContenders.HubAsync(dashboard, request);
            ok &= Row(name, outcome, truth, options.LiveHosts, dashboard.PeakRssMiB());
        }

        ok &= Row("engine alone, as root", await NetworkContenders.EngineAsync(request), truth, options.LiveHosts, null);
        foreach (var (name, command, arguments) in new (string, string, string[])[]
                 {
                     ($"nmap -n -sT -p {ports} {options.Target}", "nmap", ["-n", "-sT", "-p", ports, options.Target]),
                     ($"nmap --unprivileged -n -sT -p {ports} {options.Target}, as nobody", "setpriv",
                         ["--reuid=65534", "--regid=65534", "--clear-groups", "nmap", "--unprivileged", "-n", "-sT", "-p", ports, options.Target]),
                 })
        {
            var started = Stopwatch.GetTimestamp();
            var (open, finished) = await NmapWithLimitAsync(command, arguments);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Stopwatch.GetElapsedTime(started).TotalSeconds:F1}{(finished ? "" : $" (stopped at the {NmapLimit.TotalSeconds:F0} s limit)")} | - | {open.Count(truth.Contains)} / {truth.Count(t => !open.Contains(t))} | - |"));
        }

        Console.WriteLine();
        Console.WriteLine($"load average at the end: {LoadAverage()}");
        Console.WriteLine();
        return ok ? 0 : 1;
    }

    // Other engineers build on this machine too: the figures mean something only beside the load they ran under.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The row, and whether it met the goals: every live host and open port, and the dashboard's peak RSS (when given) under the goal.</summary>
    private static bool Row(string name, NetworkOutcome outcome, SortedSet<string> truth, int live, double? peakRssMiB)
    {
        var missed = truth.Count(t => !outcome.Open.Contains(t));
        var rss = peakRssMiB is { } mib ? string.Create(CultureInfo.InvariantCulture, $"{mib:F0} MiB{(mib < PeakRssGoalMiB ? "" : $" (over the {PeakRssGoalMiB} MiB goal)")}") : "-";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {outcome.Seconds:F1} | {outcome.HostsUp} / {outcome.HostsDown} ({outcome.HostRows}) | {outcome.Open.Count(truth.Contains)} / {missed} | {rss} |"));
        return missed == 0 && outcome.HostsUp == live && (peakRssMiB ?? 0) < PeakRssGoalMiB;
    }

    /// <summary>nmap's grepable lines as it writes them (a host group at a time), until it ends or the limit stops it.</summary>
    private static async Task<(HashSet<string> Open, bool Finished)> NmapWithLimitAsync(string command, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(command, arguments.Concat(["-oG", "-"])) { RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("nmap did not start");
        using var limit = new CancellationTokenSource(NmapLimit);
        var open = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
            {
                if (line.StartsWith("Host: ", StringComparison.Ordinal) && line.Contains("Ports: ", StringComparison.Ordinal))
                {
                    var host = line.Split(' ')[1];
                    foreach (var entry in line[(line.IndexOf("Ports: ", StringComparison.Ordinal) + 7)..].Split(", "))
                    {
                        if (entry.Contains("/open/", StringComparison.Ordinal))
                        {
                            open.Add($"{host}:{entry.Split('/')[0]}");
                        }
                    }
                }
            }

            await process.WaitForExitAsync(limit.Token);
            return (open, true);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (open, false);
        }
    }
}
