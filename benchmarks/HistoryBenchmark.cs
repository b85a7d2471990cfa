using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Scan;

namespace Dashboard.Benchmarks;

/// <summary>
/// The cost of the history: the full-range loopback scan through the hub (all 65,535 results received by a
/// SignalR client) on three dashboards side by side in the same private namespace, history off, on SQLite,
/// on PostgreSQL (tests/postgres.sh, a local server), run in turn round after round so each sees the same load.
/// </summary>
internal static class HistoryBenchmark
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
        var pgDir = Path.Combine(Path.GetTempPath(), "sd-bench-pg-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var connection = await PostgresAsync("start", pgDir, "5439");
        try
        {
            await using var off = await DashboardProcess.StartAsync(options.WebDll, settings: BenchmarkOptions.WebEnvironment(new Dictionary<string, string> { ["History__Enabled"] = "false" }));
            await using var sqlite = await DashboardProcess.StartAsync(options.WebDll, settings: BenchmarkOptions.WebEnvironment());
            await using var postgres = await DashboardProcess.StartAsync(options.WebDll, settings: BenchmarkOptions.WebEnvironment(new Dictionary<string, string>
            {
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__Dashboard"] = connection.Trim(),
            }));
            var request = new ScanRequest("127.0.0.1", "-", TimeoutMs: 1000, Concurrency: 1024);
            var contenders = new (DashboardProcess Dashboard, Measurement Times)[]
            {
                (off, new Measurement("history off")),
                (sqlite, new Measurement("history on, SQLite (WAL)")),
                (postgres, new Measurement("history on, PostgreSQL (local, fsync off)")),
            };
            for (var round = 0; round < options.WarmUps; round++)
            {
                foreach (var (dashboard, _) in contenders)
                {
                    await Contenders.HubAsync(dashboard, request);
                }
            }

            for (var round = 0; round < options.Rounds; round++)
            {
                // Each round starts with a different contender, so none always runs first after a quiet spell.
                foreach (var (dashboard, times) in contenders.Skip(round % 3).Concat(contenders.Take(round % 3)))
                {
                    var (seconds, open, results) = await Contenders.HubAsync(dashboard, request);
                    times.Add(seconds, open, results);
                }

                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round + 1}: {string.Join(", ", contenders.Select(c => $"{c.Times.Name} {c.Times.Runs.Split(' ')[^1]} s"))}"));
            }

            Console.WriteLine($"Full-range hub scan of 127.0.0.1 (65,535 ports, private netns), history off and on, medians of alternating rounds after {options.WarmUps} unreported scans each");
            var baseline = contenders[0].Times.Median;
            foreach (var (dashboard, times) in contenders)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {times.Name,-44} median {times.Median:F3} s  ({times.Median / baseline:F3}× off)  runs: {times.Runs}  open: {Measurement.Format(times.OpenPorts ?? [])}  peak RSS {dashboard.PeakRssMiB():F0} MiB"));
            }

            listeners.ForEach(l => l.Stop());
            return 0;
        }
        finally
        {
            await PostgresAsync("stop", pgDir);
        }
    }

    private static async Task<string> PostgresAsync(params string[] arguments)
    {
        var (code, output, error) = await Repository.RunScriptAsync("postgres.sh", arguments, CancellationToken.None);
        return code == 0 ? output : throw new InvalidOperationException($"tests/postgres.sh {arguments[0]} failed ({code}): {error.Trim()}");
    }
}
