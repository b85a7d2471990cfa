using System.Net;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary>The anonymous route's per-address bound, on a host of its own: the window it fills would refuse other tests' reads.</summary>
public sealed class PublicStatusLimitTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    [Fact]
    public async Task PublicStatus_PastItsReadsAMinuteFromOneAddress_Is429WithRetryAfter()
    {
        using var anonymous = host.Http("");
        var token = TestContext.Current.CancellationToken;

        for (var i = 0; i < Web.Features.Watches.StatusPages.StatusPageService.PublicReadsPerMinute; i++)
        {
            using var unknown = await anonymous.GetAsync("api/public/status/no-such-token", token);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using var refused = await anonymous.GetAsync("api/public/status/no-such-token", token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }
}
