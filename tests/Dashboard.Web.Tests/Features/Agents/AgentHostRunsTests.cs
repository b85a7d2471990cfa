using System.Net;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;
using Dashboard.Web.Features.Agents.Link;

namespace Dashboard.Web.Tests.Features.Agents;

/// <summary>An agent's runs of down hosts are taken only as runs of the plan it was sent: both ends in it, the count exact, once.</summary>
public sealed class AgentHostRunsTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow;

    private static AgentScanGuard Guard() => new(new ScanPlan(
        [.. Enumerable.Range(1, 6).Select(i => new ResolvedTarget($"10.9.2.{i}", IPAddress.Parse($"10.9.2.{i}")))], [22], 1_000, 64, DiscoverHosts: true));

    private static HostResult Run(string first, string last, int count) =>
        new(first, first, HostState.Down, "arp", null, null, "silent", At, last, count);

    private static AgentScanChunk Chunk(params HostResult[] hosts) => new("c1", hosts, []);

    [Fact]
    public void Take_RunOfThePlan_IsKeptWithItsCount()
    {
        var guard = Guard();

        var kept = guard.Take(Chunk(Run("10.9.2.2", "10.9.2.5", 4)));

        var host = Assert.Single(kept).Host!;
        Assert.Equal(("10.9.2.2", "10.9.2.5", 4), (host.Address, host.LastAddress, host.Count));
        Assert.Equal(0, guard.Dropped);
    }

    [Theory]
    [InlineData("10.9.2.2", "10.9.2.5", 9)]   // a count that is not the addresses between the ends
    [InlineData("10.9.2.5", "10.9.2.2", 4)]   // ends in the wrong order
    [InlineData("10.9.2.2", "10.9.2.99", 98)] // an end outside the plan
    public void Take_RunNotOfThePlan_IsDroppedAndSaid(string first, string last, int count)
    {
        var guard = Guard();

        Assert.Empty(guard.Take(Chunk(Run(first, last, count))));

        Assert.Equal(1, guard.Dropped);
        Assert.Contains("not a run of the addresses it was given", guard.FirstProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void Take_RunOverAHostAlreadyDecided_IsDropped()
    {
        var guard = Guard();
        guard.Take(Chunk(new HostResult("10.9.2.3", "10.9.2.3", HostState.Up, "arp", null, 0.1, "answered", At)));

        Assert.Empty(guard.Take(Chunk(Run("10.9.2.2", "10.9.2.4", 3))));

        Assert.Contains("a second host result for 10.9.2.3", guard.FirstProblem, StringComparison.Ordinal);
    }
}
