using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Benchmarks;

/// <summary>
/// Floods never kill the process: the dashboard under a low open-file limit, flooded with idle hub
/// connections while full-range scans run at the highest concurrency it accepts; <c>/healthz</c> polled
/// every 100 ms on fresh connections throughout; then the flood ends and a probe must work. Run through
/// flood.sh, inside a private network namespace: the scans' targets are that namespace's loopback.
/// </summary>
internal static class FloodBenchmark
{
    private static readonly TimeSpan HealthBound = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        using var probeTarget = new TcpListener(IPAddress.Loopback, 0);
        probeTarget.Start();
        var settings = new Dictionary<string, string>
        {
            ["Limits__HubConnectionsPerUser"] = options.PerUser.ToString(CultureInfo.InvariantCulture),
            // A host that never answers keeps its first congestion window (32) for good; a wide one makes the
            // dropped target take every socket the scans' share allows: the worst case for descriptors.
            ["Sockets__Scan__InitialHostWindow"] = "4096",
        };
        await using var dashboard = await DashboardProcess.StartAsync(options.WebDll, options.OpenFileLimit, settings);
        using var api = new HttpClient { BaseAddress = dashboard.Address };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", dashboard.Token);
        Say($"dashboard pid {dashboard.ProcessId}, soft open-file limit {dashboard.OpenFileLimit():N0}, {dashboard.OpenDescriptors():N0} descriptors open when idle");
        Say(dashboard.LimitsLine ?? "(no Limits line in the dashboard's log)");

        var concurrency = await HighestConcurrencyAsync(api);
        await using var health = new HealthPoller(dashboard.Address);
        using var sampling = new CancellationTokenSource();
        var peak = 0;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, dashboard.OpenDescriptors());
                await Task.Delay(50, CancellationToken.None);
            }
        });

        var opening = Stopwatch.StartNew();
        var flood = await IdleHubFlood.OpenAsync(dashboard.Address, dashboard.Token, options.Connections, options.Parallel, CancellationToken.None);
        Say($"{options.Connections:N0} hub connections tried, {options.Parallel} at a time, in {opening.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", flood.Outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Value:N0} {o.Key}")) +
            string.Concat(flood.RetryAfter.Select(r => $"; Retry-After on {r.Key}: {r.Value ?? "none"}")));

        // Started through the REST API while the flood holds every upgraded connection: new work still gets in.
        var scans = new List<string>();
        foreach (var target in options.Target.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            using var started = await api.PostAsJsonAsync("api/scans", new ScanRequest(target, "-", Concurrency: concurrency, Discovery: HostDiscovery.Off));
            var status = await started.Content.ReadFromJsonAsync<ScanStatus>() ?? throw new InvalidOperationException($"scan of {target}: {started.StatusCode}");
            scans.Add(status.ScanId);
            Say($"scan {status.ScanId}: all 65,535 ports of {target} ({status.Addresses} addresses), concurrency {concurrency:N0} asked");
        }

        var during = await HoldAsync(dashboard, api, health, scans, TimeSpan.FromSeconds(options.HoldSeconds));
        var alive = !dashboard.HasExited;
        var held = flood.Open;
        await flood.DisposeAsync();
        foreach (var scan in scans)
        {
            using var _ = await api.DeleteAsync($"api/scans/{scan}");
        }

        var (probe, probeMs) = await ProbeAfterAsync(api, ((IPEndPoint)probeTarget.LocalEndpoint).Port);
        await sampling.CancelAsync();
        await sampler;
        var polls = health.Polls;
        var worst = health.WorstMs;
        var ok = alive && !dashboard.HasExited && worst < HealthBound.TotalMilliseconds && health.Unanswered == 0 && probe == ProbeState.Open;

        Console.WriteLine();
        Console.WriteLine($"## Flood under an open-file limit of {options.OpenFileLimit:N0} (private netns)");
        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("| --- | --- |");
        Row("idle hub connections tried / held", $"{options.Connections:N0}, {options.Parallel} at a time / {held:N0}");
        Row("refused", string.Join(", ", flood.Outcomes.Where(o => o.Key != IdleHubFlood.Connected).Select(o => $"{o.Value:N0} {o.Key}")));
        Row("scans during the flood", during);
        Row("/healthz polls (fresh connection each, every 100 ms)", $"{polls:N0}, {health.Retries:N0} connections closed before an answer and retried, {health.Unanswered} unanswered");
        Row("/healthz answer time p50 / p99 / worst", $"{health.Percentile(50):F0} / {health.Percentile(99):F0} / {worst:F0} ms (bound {HealthBound.TotalMilliseconds:N0} ms)");
        Row("dashboard descriptors, peak / limit", $"{peak:N0} / {dashboard.OpenFileLimit():N0}");
        Row("dashboard alive after the flood", alive && !dashboard.HasExited ? "yes" : "NO");
        Row("probe once the flood ended", $"{probe?.ToString().ToLowerInvariant() ?? "failed"} in {probeMs:F0} ms");
        Row("dashboard peak RSS / CPU", $"{dashboard.PeakRssMiB():F0} MiB / {dashboard.CpuSeconds():F1} s");
        Console.WriteLine();
        Console.WriteLine(ok ? "PASS: /healthz answered within 3 s throughout, the process lived, a probe worked after" : "FAIL");
        return ok ? 0 : 1;
    }

    /// <summary>The scans' own cap: the largest concurrency the API accepts (one more is refused).</summary>
    private static async Task<int> HighestConcurrencyAsync(HttpClient api)
    {
        var highest = new ScanOptions().MaxConcurrency;
        using var over = await api.PostAsJsonAsync("api/scans", new ScanRequest("127.0.0.1", "1", Concurrency: highest + 1));
        if (over.StatusCode != HttpStatusCode.BadRequest)
        {
            throw new InvalidOperationException($"concurrency {highest + 1} was not refused ({over.StatusCode}): the highest accepted is not {highest}");
        }

        return highest;
    }

    /// <summary>Keeps the flood up for <paramref name="hold"/>, saying every 5 s how the dashboard is doing; returns the scans' progress.</summary>
    private static async Task<string> HoldAsync(DashboardProcess dashboard, HttpClient api, HealthPoller health, List<string> scans, TimeSpan hold)
    {
        var held = Stopwatch.StartNew();
        var before = await ProgressAsync(api, scans);
        while (held.Elapsed < hold && !dashboard.HasExited)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            Say($"{held.Elapsed.TotalSeconds:F0} s: {dashboard.OpenDescriptors():N0} descriptors, /healthz worst {health.WorstMs:F0} ms over {health.Polls:N0} polls");
        }

        var after = await ProgressAsync(api, scans);
        return string.Join("; ", after.Select(s =>
        {
            if (s.State == ScanState.Completed)
            {
                return $"{s.Targets}: completed, {s.Completed:N0} ports in {s.ElapsedMs / 1000:F1} s";
            }

            var done = s.Completed - before.Single(b => b.ScanId == s.ScanId).Completed;
            return $"{s.Targets}: {s.State.ToString().ToLowerInvariant()}, {s.Completed:N0}/{s.Total:N0} ports, {done / held.Elapsed.TotalSeconds:N0} ports/s while flooded";
        }));
    }

    private static async Task<List<ScanStatus>> ProgressAsync(HttpClient api, List<string> scans)
    {
        var statuses = new List<ScanStatus>();
        foreach (var scan in scans)
        {
            statuses.Add(await api.GetFromJsonAsync<ScanStatus>($"api/scans/{scan}") ?? throw new InvalidOperationException($"scan {scan} is gone"));
        }

        return statuses;
    }

    /// <summary>A probe through the REST API, retried while refused, until it works or 30 s pass; its state and how long it took.</summary>
    private static async Task<(ProbeState? State, double Ms)> ProbeAfterAsync(HttpClient api, int port)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await api.PostAsJsonAsync("api/probe", new ProbeRequest("127.0.0.1", port));
            if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<ProbeResult>() is { } result)
            {
                return (result.State, started.Elapsed.TotalMilliseconds);
            }

            Say($"probe after the flood: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(500);
        }

        return (null, started.Elapsed.TotalMilliseconds);
    }

    private static void Say(string line) => Console.Error.WriteLine(line);

    private static void Row(string measure, string value) => Console.WriteLine($"| {measure} | {value} |");
}
