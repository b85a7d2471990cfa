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
/// router that drops everything beyond hop 3; then the same over UDP beside <c>traceroute -U -p PORT -n</c> (to the
/// closed port, where the host says port unreachable). Goal: no slower than traceroute.
/// </summary>
internal static class TraceBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        using var topology = new RoutedTopology();
        var tracer = new Tracer(Options.Create(new Dashboard.Sockets.Tracing.TraceOptions()), TimeProvider.System, null, topology.NewClientSocket,
            topology.NewClientUdpSocket);
        Console.WriteLine("trace: client - r1 - r2 - r3 - server; median of " + options.Rounds + " rounds, ours vs traceroute -T / -U (3 tries a hop, 30 hops max)");
        // TCP to the open port; UDP to the closed port (the host says port unreachable), as traceroute -U's usual end.
        foreach (var (protocol, port, flag) in new[] { (TraceProtocol.Tcp, RoutedTopology.OpenPort, "-T"), (TraceProtocol.Udp, RoutedTopology.ClosedPort, "-U") })
        {
            foreach (var dropped in new[] { false, true })
            {
                topology.ClearRules();
                if (dropped)
                {
                    topology.DropAt(3, protocol == TraceProtocol.Udp ? "udp" : "tcp");
                }

                foreach (var server in new[] { RoutedTopology.ServerV4, RoutedTopology.ServerV6 })
                {
                    var request = new TraceRequest(server.ToString(), port, protocol);
                    // Neighbour discovery on every link first: the first packets would wait for it, in whichever tool came first.
                    await tracer.TraceAsync(request, server, null, CancellationToken.None);
                    var ours = new List<double>();
                    var theirs = new List<double>();
                    string? verdict = null;
                    for (var round = 0; round < options.Rounds; round++)
                    {
                        var started = Stopwatch.GetTimestamp();
                        verdict = (await tracer.TraceAsync(request, server, null, CancellationToken.None)).Verdict;
                        ours.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                        started = Stopwatch.GetTimestamp();
                        topology.Exec("c", "traceroute", $"{flag} -p {port} -n {server}");
                        theirs.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                    }

                    var family = server.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "IPv4" : "IPv6";
                    var path = dropped ? "dropped at r3" : protocol == TraceProtocol.Udp ? "to closed port" : "to open port";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"trace {protocol.ToString().ToUpperInvariant()} {path} {family}: ours {Median(ours):F3} s, traceroute {flag} {Median(theirs):F3} s ({verdict})"));
                }
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
