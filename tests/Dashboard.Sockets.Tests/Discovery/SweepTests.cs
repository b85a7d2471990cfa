using System.Diagnostics;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Tests.Support;

namespace Dashboard.Sockets.Tests.Discovery;

/// <summary>A /16 with 16 live hosts spread over it, the rest absent, in a namespace of this class's own.</summary>
public sealed class SweepTests(SweepNamespace sweep) : IClassFixture<SweepNamespace>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Scan_Slash16_FindsEveryLiveHostAndEveryOpenPort(bool raw)
    {
        var started = Stopwatch.GetTimestamp();

        var (hosts, ports) = await LanScans.RunAsync(new ScanRequest(sweep.Cidr, string.Join(',', SweepNamespace.Ports)),
            new ScanOptions { MaxAddresses = 65_536, UseRawSockets = raw }, Token);

        var elapsed = Stopwatch.GetElapsedTime(started);
        var up = hosts.Where(h => h.State == HostState.Up).Select(h => h.Address).ToHashSet();
        var expected = sweep.Live.Select(a => a.ToString()).Append($"{sweep.Prefix}.0.1").ToHashSet();
        Assert.True(expected.SetEquals(up), $"up after {elapsed}: {string.Join(", ", up.Order())}; down reasons: " +
            string.Join("; ", hosts.Where(h => h.State == HostState.Down).GroupBy(h => h.Method + " " + h.Detail).Select(g => $"{g.Key} ×{g.Count()}")));
        TestContext.Current.TestOutputHelper!.WriteLine($"{elapsed}: " + string.Join("; ", hosts.GroupBy(h => h.State + " " + h.Method).Select(g => $"{g.Key} ×{g.Count()}")));
        var open = ports.Where(p => p.State == ProbeState.Open && p.Address != $"{sweep.Prefix}.0.1").Select(p => (p.Address ?? "", p.Port)).ToHashSet();
        Assert.True(sweep.Open.Select(o => (o.Address.ToString(), o.Port)).ToHashSet().SetEquals(open), $"open: {string.Join(", ", open)}");
    }
}
