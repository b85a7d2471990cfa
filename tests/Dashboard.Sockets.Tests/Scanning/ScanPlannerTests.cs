using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Sockets.Tests.Scanning;

public sealed class ScanPlannerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Plan_Defaults_ComeFromTheOptions()
    {
        var plan = await Engine.Planner().PlanAsync(new ScanRequest("127.0.0.1, ::1", "22,80"), Token);

        Assert.Equal((1_000, 1_024, 4L), (plan.TimeoutMs, plan.Concurrency, plan.Total));
        Assert.Equal(("::1", 80), (plan[3].Target.AddressText, plan[3].Port));
    }

    public static TheoryData<ScanRequest?, string> BadRequests => new()
    {
        { null, "request is required" },
        { new ScanRequest("127.0.0.1", "22", TimeoutMs: 0), "timeoutMs must be 1-10000, got 0" },
        { new ScanRequest("127.0.0.1", "22", TimeoutMs: 10_001), "timeoutMs must be 1-10000, got 10001" },
        { new ScanRequest("127.0.0.1", "22", Concurrency: 0), "concurrency must be 1-4096, got 0" },
        { new ScanRequest("127.0.0.1", "22", Concurrency: 100_000), "concurrency must be 1-4096, got 100000" },
        { new ScanRequest("127.0.0.1", "http"), "ports: 'http' is not a port" },
        { new ScanRequest("", "22"), "targets is required" },
        { new ScanRequest("10.0.0.0/12", "-"), "the scan would make 68,718,428,160 probes" },
        { new ScanRequest("10.0.0.0/24", "-"), "the scan would make 16,776,960 probes (256 addresses × 65,535 ports); at most 1,048,576 are allowed" },
        { new ScanRequest("127.0.0.1 nothing.invalid", "22"), "targets: 'nothing.invalid' did not resolve (EAI_NONAME)" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Plan_BadRequest_SaysWhatIsWrong(ScanRequest? request, string expected)
    {
        var options = new ScanOptions { MaxAddresses = 1 << 24 };
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => Engine.Planner(options).PlanAsync(request, Token));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
