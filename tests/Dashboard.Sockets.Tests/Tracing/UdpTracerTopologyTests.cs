using System.Net;
using Dashboard.Contracts.Trace;
using Dashboard.Sockets.Tracing;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Tests.Tracing;

/// <summary>
/// UDP traces over client - r1 - r2 - r3 - server, run in the client's namespace, against Debian's
/// <c>traceroute -U -p PORT -n</c> on the same path: the same hops and the same end, IPv4 and IPv6. The server echoes
/// datagrams on <see cref="RoutedTopology.OpenPort"/> and has nothing on <see cref="RoutedTopology.ClosedPort"/>.
/// </summary>
public sealed class UdpTracerTopologyTests(RoutedTopology topology) : IClassFixture<RoutedTopology>, IDisposable
{
    private const int MaxHops = 8;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<bool> Families => new(false, true);

    [Theory]
    [MemberData(nameof(Families))]
    public async Task UdpTrace_ToClosedPort_ReachesTheHostWhichSaysPortUnreachable(bool ipv6)
    {
        var (result, reference) = await BothAsync(ipv6, RoutedTopology.ClosedPort);

        AssertSameHops(reference, result);
        Assert.Equal((TraceProtocol.Udp, TraceOutcome.Refused), (result.Protocol, result.Outcome));
        Assert.Equal($"reached {Server(ipv6, RoutedTopology.ClosedPort)} at hop 4, closed: the host says port unreachable", result.Verdict);
        Assert.All(result.Hops[^1].Tries, t => Assert.Equal((TraceReply.Refused, "port unreachable"), (t.Reply, t.Meaning)));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task UdpTrace_ToAnsweringPort_ReachesTheHostWhichAnswers(bool ipv6)
    {
        var (result, reference) = await BothAsync(ipv6, RoutedTopology.OpenPort);

        AssertSameHops(reference, result);
        Assert.Equal(TraceOutcome.Open, result.Outcome);
        Assert.Equal($"reached {Server(ipv6)} at hop 4, open: the host answered the datagram", result.Verdict);
        Assert.All(result.Hops.Take(3), hop => Assert.All(hop.Tries, t => Assert.Equal(TraceReply.TimeExceeded, t.Reply)));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task UdpTrace_ThroughRejectingRouter_NamesTheHopThatSaysAdministrativelyProhibited(bool ipv6)
    {
        topology.RejectAt(2, "udp");

        var (result, reference) = await BothAsync(ipv6, RoutedTopology.ClosedPort);

        AssertSameHops(reference, result);
        Assert.Equal(["!X"], reference[^1].Marks);
        Assert.Equal(TraceOutcome.Unreachable, result.Outcome);
        Assert.Equal($"hop 3 ({RoutedTopology.RouterAddress(2, ipv6)}) says administratively prohibited", result.Verdict);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task UdpTrace_ThroughDroppingRouter_IsOpenFilteredAfterTheLastHopThatAnswered(bool ipv6)
    {
        topology.DropAt(3, "udp");

        var (result, reference) = await BothAsync(ipv6, RoutedTopology.ClosedPort);

        AssertSameHops(reference, result);
        Assert.Equal(TraceOutcome.OpenFiltered, result.Outcome);
        Assert.StartsWith($"open|filtered: nothing answers beyond hop 3 ({RoutedTopology.RouterAddress(3, ipv6)})", result.Verdict, StringComparison.Ordinal);
    }

    public void Dispose() => topology.ClearRules();

    private static string Server(bool ipv6, int port = RoutedTopology.OpenPort) =>
        new IPEndPoint(ipv6 ? RoutedTopology.ServerV6 : RoutedTopology.ServerV4, port).ToString();

    private async Task<(TraceResult Ours, IReadOnlyList<ReferenceHop> Reference)> BothAsync(bool ipv6, int port)
    {
        var address = ipv6 ? RoutedTopology.ServerV6 : RoutedTopology.ServerV4;
        var tracer = new Tracer(Options.Create(new TraceOptions()), TimeProvider.System, Engine.Budget, topology.NewClientSocket, topology.NewClientUdpSocket);
        var result = await tracer.TraceAsync(new TraceRequest(address.ToString(), port, TraceProtocol.Udp, MaxHops: MaxHops), address, null, Token);
        var reference = ReferenceTrace.Run(topology, address.ToString(), port, MaxHops, waitSeconds: 2, udp: true);
        return (result, reference);
    }

    // Hop by hop, up to the last hop traceroute heard from, the same address answered; beyond it nothing answered us either.
    private static void AssertSameHops(IReadOnlyList<ReferenceHop> reference, TraceResult result)
    {
        var answered = ReferenceTrace.Answered(reference);
        Assert.Equal(answered.Select(h => (h.Hop, h.Address)), result.Hops.Take(answered.Count).Select(h => (h.Hop, h.Address)));
        Assert.All(result.Hops.Skip(answered.Count), hop => Assert.Null(hop.Address));
    }
}
