using Dashboard.Web.Features.Scan;

namespace Dashboard.Web.Tests.Features.Scan;

public sealed class ScanPaceTests
{
    [Theory]
    [InlineData(42, "0:42")]
    [InlineData(626, "10:26")]
    [InlineData(4_320, "1:12:00")]
    [InlineData(273_900, "3 d 4:05:00")]
    public void Format_KeepsHoursAndDays(int seconds, string expected) => Assert.Equal(expected, ScanPace.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Rate_IsTheRecentOne_SoASlowdownShowsAtOnce()
    {
        var pace = new ScanPace();
        // 1,000 ports/s for a minute, then 10 ports/s for 20 s.
        for (var s = 0; s <= 60; s++)
        {
            pace.Observe(s * 1000, s * 1000L);
        }

        for (var s = 1; s <= 20; s++)
        {
            pace.Observe((60 + s) * 1000, 60_000 + (s * 10L));
        }

        Assert.Equal(10, pace.Rate, precision: 6);
        Assert.Equal("1:06:40", pace.Eta(40_000));
    }

    [Fact]
    public void Eta_BeforeAnythingIsDone_IsUnknown()
    {
        var pace = new ScanPace();
        pace.Observe(500, 0);

        Assert.Equal("—", pace.Eta(65_535));
    }
}

public sealed class RttAxisTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(7, 2)]
    [InlineData(11, 5)]
    [InlineData(25, 5)]
    [InlineData(26, 10)]
    [InlineData(65_535, 20_000)]
    public void NiceStep_DividesTheAxisIntoAtMostFiveWholeSteps(long max, int step) => Assert.Equal(step, Dashboard.Web.Features.Scan.ScanCharts.NiceStep(max));
}
