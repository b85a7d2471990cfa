using System.Diagnostics;
using Dashboard.Sockets.Scanning.Timing;

namespace Dashboard.Sockets.Tests.Scanning.Timing;

/// <summary>How a host's window and timing pings follow silence: filtering when the host still answers, not when it fell quiet.</summary>
public sealed class HostTimingSilenceTests
{
    private static readonly ScanTiming Timing = new(MinTimeoutMs: 100, MaxTimeoutMs: 1_000, MaxAttempts: 6, InitialWindow: 4);

    private static long Ms(double ms) => (long)(ms * Stopwatch.Frequency / 1000);

    [Fact]
    public void TimedOut_OnAHostThatNeverAnswered_GrowsTheWindowAsAnAnswerWould()
    {
        var host = new HostTiming(Timing, maxWindow: 64);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(host.TryStart());
        }

        for (var i = 0; i < 4; i++)
        {
            host.TimedOut(Stopwatch.GetTimestamp());
        }

        Assert.Equal((8, 0), (host.Window, host.InFlight));
    }

    [Fact]
    public void TimedOut_WhileTheHostAnswers_GrowsTheWindow_AfterItFellQuiet_LeavesIt()
    {
        var host = new HostTiming(Timing, maxWindow: 64);
        var start = Stopwatch.GetTimestamp();
        host.TryStart();
        host.Answered(Ms(0.1), attempt: 1, start);
        host.Responsive(80, refused: false);
        Assert.Equal(5, host.Window);

        host.TryStart();
        host.TimedOut(start + Ms(150));
        Assert.Equal(6, host.Window);

        // Past four timeouts (100 ms each) without an answer the silence may be the path: no growth.
        host.TryStart();
        host.TimedOut(start + Ms(450));
        Assert.Equal(6, host.Window);
    }

    [Fact]
    public void Ping_IsDueAfterATimeoutWithoutAnswers_OneAtATime_ToARefusingPortRatherThanAnOpenOne()
    {
        var host = new HostTiming(Timing, maxWindow: 64);
        var start = Stopwatch.GetTimestamp();
        Assert.False(host.TryStartPing(start + Ms(1_000), out _)); // no port known to answer yet

        host.TryStart();
        host.Answered(Ms(0.1), 1, start);
        host.Responsive(443, refused: false);
        host.Responsive(1, refused: true);
        host.Responsive(22, refused: false);
        Assert.False(host.TryStartPing(start + Ms(50), out _)); // answered 50 ms ago: nothing to ask

        Assert.True(host.TryStartPing(start + Ms(150), out var port));
        Assert.Equal(1, port);
        Assert.False(host.TryStartPing(start + Ms(400), out _)); // one out already

        host.PingAnswered(Ms(0.2), start + Ms(151));
        Assert.Equal((2, 6), (host.Estimate.Samples, host.Window));
        Assert.Equal(1, host.Pings);
    }

    [Fact]
    public void PingLost_IsALossEvent_TheWindowRestartsSmall()
    {
        var host = new HostTiming(Timing, maxWindow: 64);
        var start = Stopwatch.GetTimestamp();
        host.TryStart();
        host.Answered(Ms(0.1), 1, start);
        host.Responsive(1, refused: true);
        Assert.True(host.TryStartPing(start + Ms(200), out _));

        host.PingLost(start + Ms(300));

        Assert.Equal((HostTiming.MinWindow, 1), (host.Window, host.Drops));
    }
}
