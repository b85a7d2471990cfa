using System.Diagnostics;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;

namespace Dashboard.Sockets.Tests.Scanning;

/// <summary>
/// Scan timing against hosts that answer little or nothing. The time bounds are loose (a loaded 2-core
/// box passes them many times over) but each is below what the timing before could do at best: a window
/// that stayed at its initial 32 connects while nothing answered, each silent connect waiting its full timeout.
/// </summary>
public sealed class FirewalledScanTests(FirewalledHost net) : IClassFixture<FirewalledHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(List<ProbeResult> Results, TimeSpan Elapsed)> ScanAsync(string scanner, ScanRequest request)
    {
        var plan = await Engine.Planner().PlanAsync(request, Token);
        var results = new List<ProbeResult>();
        var clock = Stopwatch.StartNew();
        await foreach (var result in Engine.Scanner(scanner).ScanAsync(plan, Token))
        {
            results.Add(result);
        }

        return (results, clock.Elapsed);
    }

    /// <summary>
    /// 2,997 silent ports × 2 connects at a window of 32 (35 after the three answers), each connect at least the
    /// 100 ms minimum timeout: 17.1 s at the very least before (19.5 s measured); the window now grows on the silence
    /// (about 1 s idle, 2-6 s on a 2-core box at load average 25).
    /// </summary>
    [Theory]
    [MemberData(nameof(Engine.Scanners), MemberType = typeof(Engine))]
    public async Task Scan_HostDroppingAllButThreePorts_FindsThemAndFiltersTheRest_WellUnderTheOldTiming(string scanner)
    {
        var acceptedBefore = net.Accepted;
        var (results, elapsed) = await ScanAsync(scanner, new ScanRequest(net.Firewalled.ToString(), "1-3000"));

        Assert.Equal(3_000, results.Count);
        Assert.Equal(FirewalledHost.OpenPorts, results.Where(r => r.State == ProbeState.Open).Select(r => r.Port).Order());
        var silent = results.Where(r => r.State != ProbeState.Open).ToList();
        Assert.Equal(2_997, silent.Count);
        Assert.All(silent, r => Assert.Equal((ProbeState.Filtered, "ETIMEDOUT", 2), (r.State, r.CodeName, r.Attempts)));
        Assert.True(elapsed < TimeSpan.FromSeconds(15), $"1-3000 of a firewalled host took {elapsed.TotalSeconds:F1} s");
        if (scanner == "epoll")
        {
            // Besides the three probes, timing pings: nothing refuses here, so they connect to an open port.
            await WaitUntilAsync(() => net.Accepted - acceptedBefore > 3);
            Assert.True(net.Accepted - acceptedBefore > 3, $"{net.Accepted - acceptedBefore} connections accepted: no timing ping reached the host");
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (!condition() && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10, Token);
        }
    }

    /// <summary>
    /// Nothing answers at all: 1,000 ports × 2 connects of 300 ms at a window of 32 took 18.75 s at the least before
    /// (19.3 s measured); about 2 s now.
    /// </summary>
    [Theory]
    [MemberData(nameof(Engine.Scanners), MemberType = typeof(Engine))]
    public async Task Scan_HostThatAnswersNothing_GrowsItsWindowOnTheSilence(string scanner)
    {
        var (results, elapsed) = await ScanAsync(scanner, new ScanRequest(net.Dark.ToString(), "1-1000", TimeoutMs: 300));

        Assert.Equal(1_000, results.Count);
        Assert.All(results, r => Assert.Equal((ProbeState.Filtered, 2), (r.State, r.Attempts)));
        Assert.True(elapsed < TimeSpan.FromSeconds(15), $"1-1000 of a host that answers nothing took {elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// The only answer is a router's ICMP host-prohibited, to the first port probed: it is a round trip, so the
    /// silent ports wait the measured timeout (the 100 ms minimum here), not the request's 2 s ceiling.
    /// </summary>
    [Fact]
    public async Task Scan_IcmpUnreachableAnswer_MeasuresTheRoundTrip_SilentPortsWaitTheMeasuredTimeout()
    {
        var (results, _) = await ScanAsync("epoll",
            new ScanRequest(net.Rejecting.ToString(), $"{FirewalledHost.RejectedPort},1000-1063", TimeoutMs: 2_000));

        var rejected = Assert.Single(results, r => r.Port == FirewalledHost.RejectedPort);
        Assert.Equal((ProbeState.Unreachable, "EHOSTUNREACH"), (rejected.State, rejected.CodeName));
        var silent = results.Where(r => r.Port != FirewalledHost.RejectedPort).ToList();
        Assert.Equal(64, silent.Count);
        Assert.All(silent, r =>
        {
            Assert.Equal((ProbeState.Filtered, 2), (r.State, r.Attempts));
            // The last connect's wait: the measured timeout and the scan loop's lateness under load, far from 2,000 ms.
            Assert.InRange(r.RttMs!.Value, 95, 1_000);
        });
    }
}
