using System.Diagnostics;
using Dashboard.Sockets.Scanning.Timing;

namespace Dashboard.Sockets.Tests.Scanning.Timing;

public sealed class RttEstimatorTests
{
    [Fact]
    public void Timeout_BeforeAnySample_IsTheInitialOne() =>
        Assert.Equal(1_000, new RttEstimator(1_000, 100, 10_000).TimeoutMs);

    [Fact]
    public void Add_RecordedSamples_FollowsRfc6298()
    {
        var rtt = new RttEstimator(1_000, 1, 10_000);
        var expected = new (double Sample, double Srtt, double RttVar)[]
        {
            // First: SRTT = R, RTTVAR = R/2. Then RTTVAR = 3/4·RTTVAR + 1/4·|SRTT − R|, SRTT = 7/8·SRTT + 1/8·R.
            (10, 10, 5),
            (12, 10.25, 4.25),
            (8, 9.96875, 3.75),
            (50, 14.97265625, 12.8203125),
        };

        foreach (var (sample, srtt, rttvar) in expected)
        {
            rtt.Add(sample);
            Assert.Equal(srtt, rtt.SmoothedMs!.Value, 9);
            Assert.Equal(rttvar, rtt.VariationMs!.Value, 9);
            Assert.Equal(srtt + (4 * rttvar), rtt.TimeoutMs, 9);
        }

        Assert.Equal(4, rtt.Samples);
    }

    [Fact]
    public void Timeout_IsBoundedByTheMinimumAndTheMaximum()
    {
        var fast = new RttEstimator(1_000, 100, 2_000);
        var slow = new RttEstimator(1_000, 100, 2_000);

        fast.Add(0.05);
        slow.Add(5_000);

        Assert.Equal((100, 2_000), (fast.TimeoutMs, slow.TimeoutMs));
    }

    [Fact]
    public void Add_NegativeOrNaN_IsIgnored()
    {
        var rtt = new RttEstimator(500, 1, 1_000);

        rtt.Add(-1);
        rtt.Add(double.NaN);

        Assert.Equal((0, 500), (rtt.Samples, rtt.TimeoutMs));
    }
}

public sealed class HostTimingTests
{
    private static readonly ScanTiming Timing = new(MinTimeoutMs: 100, MaxTimeoutMs: 1_000, MaxAttempts: 6, InitialWindow: 4);

    private static long Ms(double ms) => (long)(ms * Stopwatch.Frequency / 1000);

    [Fact]
    public void Window_FullUntilAnAnswer_ThenGrowsByOnePerAnswerInSlowStart()
    {
        var host = new HostTiming(Timing, maxWindow: 64);
        Assert.Equal(4, Enumerable.Range(0, 10).Count(_ => host.TryStart()));

        host.Answered(Ms(1), attempt: 1, Stopwatch.GetTimestamp());

        Assert.Equal(5, host.Window);
        Assert.Equal(2, Enumerable.Range(0, 10).Count(_ => host.TryStart()));
    }

    [Fact]
    public void Answer_ThatNeededARetry_IsALoss_WindowRestartsSmallAndThresholdHalves_OncePerTimeout()
    {
        var host = new HostTiming(Timing, maxWindow: 64);
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < 40; i++)
        {
            Assert.True(host.TryStart());
            host.Answered(Ms(1), 1, now);
        }

        Assert.Equal(44, host.Window);
        for (var i = 0; i < 20; i++)
        {
            host.TryStart();
        }

        host.Answered(Ms(1), attempt: 2, now);
        Assert.Equal((HostTiming.MinWindow, 1), (host.Window, host.Drops));
        host.Answered(Ms(1), attempt: 2, now); // the same loss event: no second cut
        Assert.Equal((HostTiming.MinWindow + 1, 1), (host.Window, host.Drops));
        // It recovers: slow start up to the threshold (half of what was in flight), then one per window of answers.
        for (var i = 0; i < 20; i++)
        {
            host.TryStart();
            host.Answered(Ms(1), 1, now);
        }

        Assert.InRange(host.Window, 10, 12);
    }

    [Fact]
    public void AllowedAttempts_AreTwoAtLeast_OneMoreThanAnyAnsweredPortNeeded_AndBounded()
    {
        var host = new HostTiming(Timing, maxWindow: 64);
        Assert.Equal(2, host.AllowedAttempts);

        host.TryStart();
        host.Answered(Ms(1), attempt: 3, Stopwatch.GetTimestamp());
        Assert.Equal(4, host.AllowedAttempts);

        host.TryStart();
        host.Answered(Ms(1), attempt: 6, Stopwatch.GetTimestamp());
        Assert.Equal(6, host.AllowedAttempts);
    }

    [Fact]
    public void Timeout_StartsFromAKnownRoundTrip()
    {
        Assert.Equal(1_000, new HostTiming(Timing, 64).TimeoutMs, 0);
        Assert.Equal(100, new HostTiming(Timing, 64, knownRttMs: 0.2).TimeoutMs, 0);
    }
}
