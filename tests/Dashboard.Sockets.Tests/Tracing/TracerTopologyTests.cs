using System.Net;
using Dashboard.Contracts.Trace;
using Dashboard.Sockets.Tracing;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Tests.Tracing;

/// <summary>
/// Traces over client - r1 - r2 - r3 - server, run in the client's namespace, against <c>traceroute -T</c> on the same
/// path: the same hops (hop by hop, the address that answered) and the same end, IPv4 and IPv6.
/// </summary>
public sealed class TracerTopologyTests(RoutedTopology topology) : IClassFixture<RoutedTopology>, IDisposable
{
    private const int MaxHops = 8;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<bool> Families => new(false, true);

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Trace_ToOpenPort_ReachesTheServerAtHopFourLikeTraceroute(bool ipv6)
    {
        var (result, reference) = await BothAsync(ipv6, RoutedTopology.OpenPort);

        AssertSameHops(reference, result);
        Assert.Equal(TraceOutcome.Open, result.Outcome);
        Assert.Equal($"reached {Server(ipv6)} at hop 4, open: the host accepted the connection", result.Verdict);
        Assert.All(result.Hops.Take(3), hop => Assert.All(hop.Tries, t => Assert.Equal((TraceReply.TimeExceeded, "time exceeded"), (t.Reply, t.Meaning))));
        Assert.All(result.Hops.SelectMany(h => h.Tries), t => Assert.True(t.RttMs >= 0));
        Assert.Equal(3, result.Hops[^1].Tries.Count);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Trace_ToClosedPort_IsRefusedByTheHost(bool ipv6)
    {
        var (result, reference) = await BothAsync(ipv6, RoutedTopology.ClosedPort);

        AssertSameHops(reference, result);
        Assert.Equal(TraceOutcome.Refused, result.Outcome);
        Assert.Equal($"reached {Server(ipv6, RoutedTopology.ClosedPort)} at hop 4, refused by the host", result.Verdict);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Trace_ThroughDroppingRouter_IsDroppedAfterTheHopBeforeIt(bool ipv6)
    {
        topology.DropAt(3);

        var (result, reference) = await BothAsync(ipv6, RoutedTopology.OpenPort);

        AssertSameHops(reference, result);
        Assert.Equal(TraceOutcome.Dropped, result.Outcome);
        Assert.Equal($"dropped after hop 3 ({RoutedTopology.RouterAddress(3, ipv6)}): nothing answers beyond it", result.Verdict);
        Assert.All(result.Hops.Skip(3), hop => Assert.All(hop.Tries, t => Assert.Equal(TraceReply.NoReply, t.Reply)));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Trace_ThroughRejectingRouter_NamesTheHopThatSaysAdministrativelyProhibited(bool ipv6)
    {
        topology.RejectAt(2);

        var (result, reference) = await BothAsync(ipv6, RoutedTopology.OpenPort);

        AssertSameHops(reference, result);
        Assert.Equal(["!X"], reference[^1].Marks);
        Assert.Equal(TraceOutcome.Unreachable, result.Outcome);
        Assert.Equal($"hop 3 ({RoutedTopology.RouterAddress(2, ipv6)}) says administratively prohibited", result.Verdict);
        Assert.All(result.Hops[^1].Tries, t => Assert.Equal(TraceReply.Unreachable, t.Reply));
    }

    [Fact]
    public async Task Trace_PreCancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Tracer().TraceAsync(new TraceRequest(RoutedTopology.ServerV4.ToString(), RoutedTopology.OpenPort), RoutedTopology.ServerV4, null, cancelled.Token));
    }

    public void Dispose() => topology.ClearRules();

    private static string Server(bool ipv6, int port = RoutedTopology.OpenPort) =>
        new IPEndPoint(ipv6 ? RoutedTopology.ServerV6 : RoutedTopology.ServerV4, port).ToString();

    private Tracer Tracer() => new(Options.Create(new TraceOptions()), TimeProvider.System, Engine.Budget, topology.NewClientSocket);

    private async Task<(TraceResult Ours, IReadOnlyList<ReferenceHop> Reference)> BothAsync(bool ipv6, int port)
    {
        var address = ipv6 ? RoutedTopology.ServerV6 : RoutedTopology.ServerV4;
        var streamed = new List<TraceHop>();
        var result = await Tracer().TraceAsync(new TraceRequest(address.ToString(), port, MaxHops: MaxHops), address,
            (hop, _) => { streamed.Add(hop); return ValueTask.CompletedTask; }, Token);
        var reference = ReferenceTrace.Run(topology, address.ToString(), port, MaxHops, waitSeconds: 2);
        Assert.Equal(result.Hops, streamed);
        return (result, reference);
    }

    // Hop by hop, up to the last hop traceroute heard from, the same address answered; we stop there too, or after a
    // few silent hops where traceroute prints "* * *" to the maximum.
    private static void AssertSameHops(IReadOnlyList<ReferenceHop> reference, TraceResult result)
    {
        var answered = ReferenceTrace.Answered(reference);
        Assert.Equal(answered.Select(h => (h.Hop, h.Address)), result.Hops.Take(answered.Count).Select(h => (h.Hop, h.Address)));
        Assert.All(result.Hops.Skip(answered.Count), hop => Assert.Null(hop.Address));
        Assert.Equal(Enumerable.Range(1, result.Hops.Count), result.Hops.Select(h => h.Hop));
    }
}
