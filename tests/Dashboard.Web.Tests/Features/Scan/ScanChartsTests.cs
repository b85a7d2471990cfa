using Dashboard.Contracts.Probe;
using Dashboard.Web.Features.Scan;

namespace Dashboard.Web.Tests.Features.Scan;

public sealed class RttHistogramTests
{
    private static ProbeResult Result(ProbeState state, double? rtt) =>
        new("h", "127.0.0.1", 80, state, 0, "OK", "Success", "m", rtt, null, null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Refresh_CountsAnswersByBucket_AndLeavesOutPortsThatNeverAnswered()
    {
        var log = new ScanResultStore(10, DateTimeOffset.UnixEpoch);
        var histogram = new RttHistogram(log);
        log.Append(Result(ProbeState.Open, 0.05));
        log.Append(Result(ProbeState.Closed, 0.2));
        log.Append(Result(ProbeState.Closed, 0.25));
        log.Append(Result(ProbeState.Filtered, 3_000));
        log.Append(Result(ProbeState.Open, 5_000));

        Assert.True(histogram.Refresh());

        Assert.Equal(4, histogram.Measured);
        Assert.Equal(1, histogram.Counts[0]);
        Assert.Equal(2, histogram.Counts[1]);
        Assert.Equal(1, histogram.Counts[^1]);
        Assert.Equal(0.2, histogram.Quantile(0.5));
        Assert.Equal(5_000, histogram.Max);
        Assert.False(histogram.Refresh());
    }

    [Fact]
    public void Labels_NameEveryBucketInMilliseconds()
    {
        Assert.Equal(RttHistogram.Bounds.Length + 1, RttHistogram.Labels.Count);
        Assert.Equal("<0.1", RttHistogram.Labels[0]);
        Assert.Equal("0.1-0.3", RttHistogram.Labels[1]);
        Assert.Equal(">3000", RttHistogram.Labels[^1]);
    }

    [Fact]
    public void Quantile_BeforeAnyAnswer_IsNull() => Assert.Null(new RttHistogram(new ScanResultStore(1, DateTimeOffset.UnixEpoch)).Quantile(0.5));
}
