using Dashboard.Benchmarks;

// Scan benchmarks, ours side by side with nmap. Run through run.sh, which makes the private
// network namespaces these need: never run them on the machine's own network.
var options = BenchmarkOptions.Parse(args);
return options.Mode switch
{
    "loopback" => await LoopbackScanBenchmark.RunAsync(options),
    "filtered" => await FilteredScanBenchmark.RunAsync(options),
    "listeners" => await ListenerBenchmark.RunAsync(options),
    "lan" => await LanScanBenchmark.RunAsync(options),
    "lossy" => await LossyScanBenchmark.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Dashboard.Benchmarks loopback|filtered|listeners|lan|lossy --web PATH_TO_Dashboard.Web.dll [--rounds N] [--target IP|CIDR] [--open IP:PORT,...] [--live N]");
    return 2;
}
