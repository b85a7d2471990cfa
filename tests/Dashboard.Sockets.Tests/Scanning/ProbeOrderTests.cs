using System.Net;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Sockets.Tests.Scanning;

public sealed class ProbeOrderTests
{
    private static ScanPlan Plan(IReadOnlyList<int> ports) =>
        new([new ResolvedTarget("t", IPAddress.Loopback)], ports, TimeoutMs: 1_000, Concurrency: 64);

    [Fact]
    public void ProbeOrder_FirstPortFirst_ThenTheOftenOpenOnesByRank_ThenTheRestInterleaved_EachOnce()
    {
        var ports = Enumerable.Range(1, 3_000).ToArray();

        var order = Plan(ports).ProbeOrder;

        Assert.Equal(ports, order.Order());
        Assert.Equal([1, 80, 23, 443, 21, 22, 25, 110, 445], order.Take(9));
        // Past the often open ones, neighbours are far apart: a firewalled block is spread over the scan.
        var rest = order.Skip(1 + ScanPlan.OftenOpen.Count(p => p <= 3_000)).Take(100).ToArray();
        Assert.All(rest.Zip(rest.Skip(1)), pair => Assert.True(Math.Abs(pair.First - pair.Second) > 100, $"{pair.First} then {pair.Second}"));
    }

    [Fact]
    public void ProbeOrder_PortsWithoutOftenOpenOnes_AndSinglePort_AreUnchanged()
    {
        Assert.Equal([5000], Plan([5000]).ProbeOrder);
        Assert.Equal([80], Plan([80]).ProbeOrder);
        var order = Plan(Enumerable.Range(40_000, 500).ToArray()).ProbeOrder;
        Assert.Equal(40_000, order[0]);
        Assert.Equal(500, order.Distinct().Count());
    }
}
