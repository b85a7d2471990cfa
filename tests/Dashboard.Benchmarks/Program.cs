using System.Diagnostics;
using Dashboard.Contracts.Probe;
using Dashboard.Sockets;
using Dashboard.Sockets.Scanning;
using Microsoft.Extensions.DependencyInjection;

var services = new ServiceCollection();
services.AddSocketEngine();
using var provider = services.BuildServiceProvider();
var planner = provider.GetRequiredService<ScanPlanner>();
var scanner = provider.GetRequiredService<IConnectScanner>();
var plan = await planner.PlanAsync(new(args.ElementAtOrDefault(0) ?? "127.0.0.1", args.ElementAtOrDefault(1) ?? "-", 1000, int.Parse(args.ElementAtOrDefault(2) ?? "1024")), default);
for (var run = 0; run < 5; run++)
{
    var sw = Stopwatch.StartNew();
    var counts = new Dictionary<ProbeState, int>();
    await foreach (var r in scanner.ScanAsync(plan, default))
    {
        counts[r.State] = counts.GetValueOrDefault(r.State) + 1;
    }
    Console.WriteLine($"{sw.Elapsed.TotalSeconds:F3}s {string.Join(" ", counts.Select(kv => $"{kv.Key}={kv.Value}"))}");
}
