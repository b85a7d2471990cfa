using System.Diagnostics;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Sockets.Tests.Discovery;

/// <summary>
/// A /16 with 16 live hosts spread over it, the rest absent, in a namespace of this class's own. Alone in its collection: a
/// sweep fills the kernel's neighbour table (shared by every namespace) and keeps both cores busy, which other tests' timing would feel.
/// </summary>
[Collection(nameof(SweepMemoryTests))]
public sealed class SweepTests(SweepNamespace sweep) : IClassFixture<SweepNamespace>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scan_Slash16WithArp_FindsEveryLiveHostAndEveryOpenPort() =>
        Assert.True((await AssertFindsAllAsync(sweep.Cidr, new ScanOptions())).Count < 100);

    /// <summary>
    /// Unprivileged, only the kernel's neighbour resolution tells an absent host, about 3 s each, a window of hosts at a time
    /// (half the neighbour table): a /20 and the live hosts beyond it, not the whole /16, to stay well under a minute.
    /// Each host gets 20 s, not the default 3.5 s: the kernel reports a failed resolution as an ICMP error to itself, under
    /// the global ICMP rate limit (50 at once), so many absent hosts get their EHOSTUNREACH only after a SYN retransmit, past
    /// 3.5 s, more so under load (down for no response instead: runs broke at every change of reason and the rows passed
    /// 1,000); and a live host whose SYN the shared neighbour table dropped had no time for the kernel's retries at 1 s and
    /// 3 s. Absent hosts are still decided by the kernel, so the scan does not wait 20 s a host.
    /// </summary>
    [Fact]
    public async Task Scan_Slash20Unprivileged_FindsEveryLiveHostAndEveryOpenPort()
    {
        var hosts = await AssertFindsAllAsync($"{sweep.Prefix}.0.0/20 {string.Join(' ', sweep.Live.Skip(1))}",
            new ScanOptions { UseRawSockets = false, DiscoveryTimeoutMs = 20_000 });

        // Absent neighbours share a row: the ~4,080 absent addresses are runs, not a row each (a row per reason change at most).
        Assert.True(hosts.Count < 1_000, $"{hosts.Count} host rows for {hosts.Sum(h => h.Addresses)} addresses");
    }

    /// <summary>
    /// A /22 of the /16 holds one live host (<c>.7.2</c>): the other 1,023 addresses are two rows, the run before it and the
    /// run after it, not a row each, and the rows cover every address exactly once.
    /// </summary>
    [Fact]
    public async Task Scan_Slash22WithOneLiveHost_ReportsTheAbsentAddressesAsTwoExactRuns()
    {
        var (hosts, ports) = await LanScans.RunAsync(new ScanRequest($"{sweep.Prefix}.4.0/22", "22,443"), new ScanOptions(), Token);

        var up = Assert.Single(hosts, h => h.State == HostState.Up);
        Assert.Equal($"{sweep.Prefix}.7.2", up.Address);
        var down = hosts.Where(h => h.State == HostState.Down).OrderBy(h => h.At).ThenBy(h => h.Address, StringComparer.Ordinal).ToList();
        Assert.Equal([$"{sweep.Prefix}.4.0 - {sweep.Prefix}.7.1", $"{sweep.Prefix}.7.3 - {sweep.Prefix}.7.255"],
            down.Select(h => h.AddressText).Order(StringComparer.Ordinal));
        Assert.Equal(1_023, down.Sum(h => h.Addresses));
        var covered = hosts.SelectMany(h => h.EachAddress()).ToList();
        Assert.Equal(1_024, covered.Count);
        Assert.Equal(1_024, covered.Distinct().Count());
        Assert.All(ports, p => Assert.Equal(up.Address, p.Address));
    }

    private async Task<List<HostResult>> AssertFindsAllAsync(string targets, ScanOptions options)
    {
        var started = Stopwatch.GetTimestamp();

        var (hosts, ports) = await LanScans.RunAsync(new ScanRequest(targets, string.Join(',', SweepNamespace.Ports)), options, Token);

        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.Equal(hosts.Sum(h => h.Addresses), hosts.SelectMany(h => h.EachAddress()).Distinct().Count());
        var up = hosts.Where(h => h.State == HostState.Up).Select(h => h.Address).ToHashSet();
        var expected = sweep.Live.Select(a => a.ToString()).Append($"{sweep.Prefix}.0.1").ToHashSet();
        Assert.True(expected.SetEquals(up), $"up after {elapsed}: {string.Join(", ", up.Order())}; down reasons: " +
            string.Join("; ", hosts.Where(h => h.State == HostState.Down).GroupBy(h => h.Method + " " + h.Detail).Select(g => $"{g.Key} ×{g.Count()}")));
        TestContext.Current.TestOutputHelper!.WriteLine($"{elapsed}: " + string.Join("; ", hosts.GroupBy(h => h.State + " " + h.Method).Select(g => $"{g.Key} ×{g.Count()}")));
        var open = ports.Where(p => p.State == ProbeState.Open && p.Address != $"{sweep.Prefix}.0.1").Select(p => (p.Address ?? "", p.Port)).ToHashSet();
        Assert.True(sweep.Open.Select(o => (o.Address.ToString(), o.Port)).ToHashSet().SetEquals(open), $"open: {string.Join(", ", open)}");
        return hosts;
    }
}
