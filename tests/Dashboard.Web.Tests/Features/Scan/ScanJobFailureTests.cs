using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Web.Tests.Features.Scan;

/// <summary>However a vantage point fails a scan, the people watching read a plain reason, and no more results are kept than the scan has probes.</summary>
public sealed class ScanJobFailureTests
{
    private static readonly ScanPlan Plan = new([new ResolvedTarget("127.0.0.1", System.Net.IPAddress.Loopback)], [1, 2, 3], 1_000, 4);

    [Fact]
    public async Task AnInternalError_EndsTheScanFailed_WithAPlainReason_NotTheExceptionsText()
    {
        var job = await RunAsync(Throwing(TestContext.Current.CancellationToken));

        Assert.Equal(ScanState.Failed, job.State);
        Assert.Equal("the scan failed on the server (InvalidOperationException); the server's log has the details under scan 0123456789abcdef", job.Reason);
        Assert.Equal(1, job.Results.Count);
    }

    [Fact]
    public async Task MoreResultsThanProbes_AreNotKept_AndTheScanFailsSayingSo()
    {
        var job = await RunAsync(Flood(10_000, TestContext.Current.CancellationToken));

        Assert.Equal(ScanState.Failed, job.State);
        Assert.Equal("this server sent more results than the scan's 3 probes, or one with an unknown state; the scan was stopped", job.Reason);
        Assert.Equal(3, job.Results.Count);
    }

    private static async Task<ScanJob> RunAsync(IAsyncEnumerable<ScanEvent> events)
    {
        var job = new ScanJob("0123456789abcdef", new ScanRequest("127.0.0.1", "1-3"), Plan, "tester", DateTimeOffset.UtcNow);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await job.RunAsync((_, _) => events, new DashboardMetrics(services.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger.Instance);
        return job;
    }

    private static ProbeResult Closed(int port) =>
        new("127.0.0.1", "127.0.0.1", port, ProbeState.Closed, 111, "ECONNREFUSED", "ConnectionRefused", "refused", 0.1, null, null, DateTimeOffset.UtcNow);

    private static async IAsyncEnumerable<ScanEvent> Throwing([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return Closed(1);
        throw new InvalidOperationException("Index was outside the bounds of the array at Secret.Internal.Place()");
    }

    private static async IAsyncEnumerable<ScanEvent> Flood(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return Closed(1 + (i % 3));
        }
    }
}
