using Dashboard.Benchmarks;

// Scan benchmarks, ours side by side with nmap. Run through run.sh, which makes the private
// network namespaces these need: never run them on the machine's own network.
var options = BenchmarkOptions.Parse(args);
return options.Mode switch
{
    "loopback" => await LoopbackScanBenchmark.RunAsync(options),
    "filtered" => await FilteredScanBenchmark.RunAsync(options),
    "firewalled" => await FirewalledScanBenchmark.RunAsync(options),
    "listeners" => await ListenerBenchmark.RunAsync(options),
    "lan" => await LanScanBenchmark.RunAsync(options),
    "sweep" => await SweepBenchmark.RunAsync(options),
    "engine" => await EngineOnlyAsync(options),
    "hub" => await HubOnlyAsync(options),
    "lossy" => await LossyScanBenchmark.RunAsync(options),
    "flood" => await FloodBenchmark.RunAsync(options),
    "history" => await HistoryBenchmark.RunAsync(options),
    "agent" => await AgentScanBenchmark.RunAsync(options),
    "watches" => await WatchesBenchmark.RunAsync(options),
    "trace" => await TraceBenchmark.RunAsync(options),
    "identify" => await IdentifyBenchmark.RunAsync(options),
    "compare" => await CompareBenchmark.RunAsync(options, Array.IndexOf(args, "--web-b") is var b and >= 0 && b + 1 < args.Length ? args[b + 1] : null),
    _ => Usage(),
};

// The engine alone, without the dashboard or nmap: a quick check of the scanner's own speed while changing it.
static async Task<int> EngineOnlyAsync(BenchmarkOptions options)
{
    var request = new Dashboard.Contracts.Scan.ScanRequest(options.Target, options.Open.Length > 0 ? string.Join(',', options.Open) : "-", TimeoutMs: 1000, Concurrency: 1024);
    for (var round = 0; round < options.Rounds; round++)
    {
        var (seconds, open, results) = await Contenders.EngineAsync(request);
        Console.WriteLine(System.FormattableString.Invariant($"engine {seconds:F3} s, {results} results, open {string.Join(",", open)}"));
    }

    return 0;
}

// The hub alone, full range of 127.0.0.1 (run inside unshare --net): a quick check of what the hub adds while changing it.
static async Task<int> HubOnlyAsync(BenchmarkOptions options)
{
    await using var dashboard = await DashboardProcess.StartAsync(options.WebDll, settings: BenchmarkOptions.WebEnvironment());
    // Compact and whole batches alternate, so both meet the same load.
    var request = new Dashboard.Contracts.Scan.ScanRequest("127.0.0.1", "-", TimeoutMs: 1000, Concurrency: 1024);
    for (var round = 0; round <= options.Rounds * 2; round++)
    {
        var compact = round % 2 == 0;
        var (seconds, _, results) = await Contenders.HubAsync(dashboard, request with { Compact = compact });
        Console.WriteLine(System.FormattableString.Invariant($"hub {(compact ? "compact" : "whole")} {seconds:F3} s, {results} results{(round < 2 ? " (warm-up)" : "")}"));
    }

    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Dashboard.Benchmarks loopback|filtered|firewalled|listeners|lan|sweep|lossy|flood|history|agent|watches|hub|engine|compare|trace|identify --web PATH_TO_Dashboard.Web.dll [--rounds N] [--target IP|CIDR] [--open IP:PORT,...] [--live N]");
    Console.Error.WriteLine("       compare: [--web-b OTHER_Dashboard.Web.dll]; variants from BENCH_VARIANT_A..D (docs/benchmarks.md)");
    Console.Error.WriteLine("       flood: [--target IP,IP (one full-range scan each)] [--connections 1500] [--parallel 256] [--nofile 1024] [--hold 20] [--per-user 64]");
    return 2;
}
