using System.Diagnostics;
using System.Globalization;
using System.Net;
using Dashboard.Contracts.Trace;
using Dashboard.Sockets.Tracing;
using Dashboard.Tests.Support;
using Microsoft.Extensions.Options;

namespace Dashboard.Benchmarks;

/// <summary>
/// A trace over the four-hop routed topology (client - r1 - r2 - r3 - server, namespaces of its own), ours beside
/// <c>traceroute -T -p PORT -n</c> (root) in the client's namespace, IPv4 and IPv6: to the open port, and through a
/// router that drops everything beyond hop 3. Goal: no slower than traceroute.
/// </summary>
internal static class TraceBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        using var topology = new RoutedTopology();
        var tracer = new Tracer(Options.Create(new Dashboard.Sockets.Tracing.TraceOptions()), TimeProvider.System, null, topology.NewClientSocket);
        Console.WriteLine("trace: client - r1 - r2 - r3 - server; median of " + options.Rounds + " rounds, ours vs traceroute -T (3 tries a hop, 30 hops max)");
        foreach (var dropped in new[] { false, true })
        {
            if (dropped)
            {
                topology.DropAt(3);
            }

            foreach (var server in new[] { RoutedTopology.ServerV4, RoutedTopology.ServerV6 })
            {
                // Neighbour discovery on every link first: the first packets would wait for it, in whichever tool came first.
                await tracer.TraceAsync(new TraceRequest(server.ToString(), RoutedTopology.OpenPort), server, null, CancellationToken.None);
                var ours = new List<double>();
                var theirs = new List<double>();
                string? verdict = null;
                for (var round = 0; round < options.Rounds; round++)
                {
                    var started = Stopwatch.GetTimestamp();
                    var result = await tracer.TraceAsync(new TraceRequest(server.ToString(), RoutedTopology.OpenPort), server, null, CancellationToken.None);
                    ours.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                    verdict = result.Verdict;
                    started = Stopwatch.GetTimestamp();
                    topology.Exec("c", "traceroute", $"-T -p {RoutedTopology.OpenPort} -n {server}");
                    theirs.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                }

                var family = server.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "IPv4" : "IPv6";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"trace {(dropped ? "dropped at r3" : "to open port")} {family}: ours {Median(ours):F3} s, traceroute -T {Median(theirs):F3} s ({verdict})"));
            }
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
