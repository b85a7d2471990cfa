using System.Net;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Discovery;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Sockets.Tests.Discovery;

/// <summary>Down verdicts gathered into runs of consecutive addresses: exact, whatever order they are decided in.</summary>
public sealed class DownRunsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static List<ResolvedTarget> Targets(params string[] labels) =>
        [.. labels.Select(l => new ResolvedTarget(l, IPAddress.Parse(l.StartsWith('n') ? "10.0.0." + l[1..] : l)))];

    private static DownRuns Runs(List<ResolvedTarget> targets) => new(targets, _ => true, new FixedClock(At));

    [Fact]
    public void Down_DecidedOutOfOrder_OneRunPerStretchBetweenLiveHosts_GivenOnceComplete()
    {
        var targets = Targets([.. Enumerable.Range(0, 10).Select(i => $"10.0.0.{i}")]);
        var runs = Runs(targets);
        var ready = new List<HostResult>();

        foreach (var i in new[] { 3, 1, 2, 8, 9 })
        {
            runs.Down(i, "arp", "no ARP reply", "silent", ready);
        }

        // 0 is undecided: the run 1-3 may still grow left.
        Assert.Empty(ready);
        runs.Up(0, ready);
        runs.Up(4, ready);

        var run = Assert.Single(ready);
        Assert.Equal(("10.0.0.1", "10.0.0.3", 3, HostState.Down), (run.Address, run.LastAddress, run.Count, run.State));
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3"], run.EachAddress());
        ready.Clear();
        runs.Down(7, "arp", "no ARP reply", "silent", ready);
        runs.Down(5, "arp", "no ARP reply", "silent", ready);
        runs.Down(6, "arp", "no ARP reply", "silent", ready);

        run = Assert.Single(ready);
        Assert.Equal(("10.0.0.5", "10.0.0.9", 5), (run.Address, run.LastAddress, run.Count));
    }

    [Fact]
    public void Down_OtherReasonsNamesAndGaps_SplitRuns_AndFlushGivesWhatIsLeft()
    {
        var targets = Targets("10.0.0.1", "10.0.0.2", "n3", "10.0.0.4", "10.0.0.5", "10.0.0.9", "10.0.0.10");
        var runs = Runs(targets);
        var ready = new List<HostResult>();

        runs.Down(0, "host-unreachable", "EHOSTUNREACH", "no neighbour", ready);
        runs.Down(1, "no-response", null, "silence", ready);
        runs.Down(2, "no-response", null, "silence", ready);
        runs.Down(3, "no-response", null, "silence", ready);
        runs.Down(4, "no-response", null, "silence", ready);
        runs.Down(5, "no-response", null, "silence", ready);
        runs.Flush(ready);

        // A reason change, a named host and an address gap each end a run; 10.0.0.10 was never decided.
        var rows = ready.OrderBy(r => targets.FindIndex(t => t.Label == r.Host)).ToList();
        Assert.Equal(["10.0.0.1", "10.0.0.2", "n3", "10.0.0.4 - 10.0.0.5", "10.0.0.9"], rows.Select(r => r.Host == r.Address ? r.AddressText : r.Host));
        Assert.Equal(6, rows.Sum(r => r.Addresses));
        Assert.Equal([null, null, null, 2, null], rows.Select(r => r.Count));
        Assert.Equal("no neighbour", rows[0].Reason);
    }

    [Fact]
    public void Down_Ipv6AcrossAByteBoundary_Joins()
    {
        var targets = Targets("fd00::ff", "fd00::100", "fd00::101");
        var runs = Runs(targets);
        var ready = new List<HostResult>();

        for (var i = 0; i < 3; i++)
        {
            runs.Down(i, "host-unreachable", null, "no neighbour", ready);
        }

        var run = Assert.Single(ready);
        Assert.Equal(("fd00::ff", "fd00::101", 3), (run.Address, run.LastAddress, run.Count));
        Assert.Equal(["fd00::ff", "fd00::100", "fd00::101"], run.EachAddress());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
