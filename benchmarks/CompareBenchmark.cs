using System.Globalization;
using Dashboard.Contracts.Scan;

namespace Dashboard.Benchmarks;

/// <summary>
/// Variants of the dashboard side by side, for trying a change under the same load: each variant is a dashboard
/// (its own build with <c>--web</c>/<c>--web-b</c>, or its own settings from <c>BENCH_VARIANT_A</c>/<c>_B</c>/..., as
/// <c>KEY=VALUE;KEY=VALUE</c>), running the full-range hub scan of 127.0.0.1 in turn, round after round. Run inside
/// <c>unshare --net</c>.
/// </summary>
internal static class CompareBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options, string? otherWebDll)
    {
        var variants = new List<(string Name, string Dll, Dictionary<string, string> Settings)>();
        foreach (var letter in "ABCD")
        {
            if (Environment.GetEnvironmentVariable($"BENCH_VARIANT_{letter}") is { } spec)
            {
                // "b;KEY=VALUE": the --web-b build with these settings.
                var parts = spec.Split(';', StringSplitOptions.RemoveEmptyEntries);
                var other = parts.FirstOrDefault() == "b" && otherWebDll is not null;
                var settings = parts.Skip(other ? 1 : 0).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
                variants.Add(($"{letter} ({spec})", other ? otherWebDll! : options.WebDll, settings));
            }
        }

        if (variants.Count == 0)
        {
            variants.Add(("A (--web)", options.WebDll, []));
            if (otherWebDll is not null)
            {
                variants.Add(("B (--web-b)", otherWebDll, []));
            }
        }

        var request = new ScanRequest("127.0.0.1", "-", TimeoutMs: 1000, Concurrency: 1024, Compact: Environment.GetEnvironmentVariable("BENCH_COMPACT") != "0");
        var dashboards = new List<(DashboardProcess Dashboard, Measurement Times)>();
        var cpu = new Dictionary<Measurement, List<double>>();
        try
        {
            foreach (var (name, dll, settings) in variants)
            {
                dashboards.Add((await DashboardProcess.StartAsync(dll, settings: BenchmarkOptions.WebEnvironment(settings)), new Measurement(name)));
            }

            for (var round = 0; round < options.WarmUps; round++)
            {
                foreach (var (dashboard, _) in dashboards)
                {
                    await Contenders.HubAsync(dashboard, request);
                }
            }

            for (var round = 0; round < options.Rounds; round++)
            {
                var shift = round % dashboards.Count;
                foreach (var (dashboard, times) in dashboards.Skip(shift).Concat(dashboards.Take(shift)))
                {
                    var before = dashboard.CpuSeconds();
                    var (seconds, open, results) = await Contenders.HubAsync(dashboard, request);
                    times.Add(seconds, open, results);
                    (cpu.TryGetValue(times, out var used) ? used : cpu[times] = []).Add(dashboard.CpuSeconds() - before);
                }
            }

            var baseline = dashboards[0].Times.Median;
            foreach (var (dashboard, times) in dashboards)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{times.Name,-50} median {times.Median:F3} s ({times.Median / baseline:F3}×), dashboard CPU median {Median(cpu[times]):F3} s  runs: {times.Runs}"));
            }

            return 0;
        }
        finally
        {
            foreach (var (dashboard, _) in dashboards)
            {
                await dashboard.DisposeAsync();
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
