using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;
using Dashboard.Web.Access;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Features.Scan.Export;
using Dashboard.Web.Operations;
using Dashboard.Web.Tests.Features.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Web.Tests.Features.History;

/// <summary>
/// Alone, after the parallel tests: the memory bounds are measured on the process's heap, which other tests' hosts share.
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class HeavyReadsRunAlone;

/// <summary>
/// Comparisons and exports read every result of a scan: they are bounded in number (per user and per server, 429 past
/// either) and in memory (a few bytes a result, never the results themselves all at once).
/// </summary>
[Collection(typeof(HeavyReadsRunAlone))]
public sealed class HeavyReadTests
{
    private const int Hosts = 200;
    private const int PortsPerHost = 1_000;
    private const int Results = Hosts * PortsPerHost;

    // A built result alone is over 100 bytes; the grouping the exports and the comparison use is 12 bytes a result. The
    // rest of the margin is for the live heap of the other tests' hosts, which a full collection measures too (one grew it
    // by ~6 MB once, under load).
    private const long BytesPerResultAllowed = 64;

    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PastTheUsersOrTheServersHeavyReads_ExportAndCompareAre429WithRetryAfter_AndProblemDetails()
    {
        await using var host = DashboardHost.With(new() { ["Dashboard:HeavyReads:PerUser"] = "1", ["Dashboard:HeavyReads:PerServer"] = "2" });
        var (viv, vivToken) = await host.AddUserAsync("heavy-viv", Role.Viewer, Token);
        var (val, _) = await host.AddUserAsync("heavy-val", Role.Viewer, Token);
        using var viewer = host.Http(vivToken);
        using var admin = host.Http();
        using var closed = new ClosedPorts(IPAddress.Loopback, 2);
        using var started = await admin.PostAsync("api/scans", new ScanRequest("127.0.0.1", closed.Spec, Discovery: HostDiscovery.Off), Token);
        var id = (await started.Content.ReadFromJsonAsync<ScanStatus>(Token))!.ScanId;
        await ScanWaits.FinishedAsync(admin, id, Token);
        var reads = host.Services.GetRequiredService<HeavyReads>();

        HttpResponseMessage export, compare, serverFull, afterwards;
        using (reads.Enter(viv, "a test's read"))
        {
            export = await viewer.GetAsync(new Uri($"api/scans/{id}/results.xml", UriKind.Relative), Token);
            compare = await viewer.GetAsync(new Uri($"api/scans/compare?a={id}&b={id}", UriKind.Relative), Token);
            using (reads.Enter(val, "another test's read"))
            {
                serverFull = await admin.GetAsync(new Uri($"api/scans/{id}/results.csv", UriKind.Relative), Token);
            }
        }

        afterwards = await viewer.GetAsync(new Uri($"api/scans/{id}/results.xml", UriKind.Relative), Token);

        Assert.Equal((HttpStatusCode.TooManyRequests, "5"), (export.StatusCode, export.Headers.RetryAfter?.ToString()));
        Assert.Equal((429, $"exporting scan {id}: heavy-viv already has 1 comparisons or exports running, the most one user may (Dashboard:HeavyReads:PerUser = 1); try again when one has ended"),
            Trimmed(await export.ProblemAsync(Token)));
        Assert.Equal(429, (await compare.ProblemAsync(Token)).Status);
        Assert.Equal((429, $"exporting scan {id}: 2 comparisons or exports are running, the most this server runs at once (Dashboard:HeavyReads:PerServer = 2); try again shortly"),
            Trimmed(await serverFull.ProblemAsync(Token)));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.Equal(0, reads.Running);
        foreach (var response in new[] { export, compare, serverFull, afterwards })
        {
            response.Dispose();
        }
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("gnmap")]
    public async Task AnExportOfALargeScan_HoldsAFewBytesAResult_NotTheResults(string format)
    {
        var job = await LargeJobAsync("a", ProbeState.Open);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        await using var body = new PeakHeapStream(sampleEvery: 1024 * 1024);

        await ScanExport.WriteAsync(format, job, null, body, Token);

        Assert.True(body.Written > Results, $"the export wrote only {body.Written} bytes");
        Assert.True(body.Samples >= 2, $"the export was sampled {body.Samples} times");
        var grown = body.PeakHeap - baseline;
        TestContext.Current.TestOutputHelper?.WriteLine($"the heap grew by {grown:N0} bytes, {grown / Results} a result");
        Assert.True(grown < Results * BytesPerResultAllowed, $"the heap grew by {grown:N0} bytes during the export of {Results:N0} results");
        GC.KeepAlive(job);
    }

    [Fact]
    public async Task AComparisonOfTwoLargeScans_AllocatesAFewBytesAResult_NotTheResults()
    {
        var (a, b) = (await LargeJobAsync("a", ProbeState.Closed), await LargeJobAsync("b", ProbeState.Closed, changedPort: 7));
        GC.Collect();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var comparison = ScanComparer.Compare(a, b);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Hosts, comparison.Ports.Count);
        Assert.All(comparison.Ports, p => Assert.Equal((7, "closed", "open"), (p.Port, p.Before, p.After)));
        Assert.Equal(Results - Hosts, comparison.Unchanged);
        Assert.True(allocated < 2L * Results * BytesPerResultAllowed, $"comparing two scans of {Results:N0} results allocated {allocated:N0} bytes");
    }

    private static (int, string) Trimmed((int Status, string Detail, string? Field) problem) => (problem.Status, problem.Detail);

    // 200 hosts × 1,000 ports of one state (compact in the log, as a stored scan decodes), but changedPort open.
    private static async Task<ScanJob> LargeJobAsync(string id, ProbeState state, int? changedPort = null)
    {
        var targets = Enumerable.Range(0, Hosts).Select(h => new ResolvedTarget($"10.8.{h / 256}.{h % 256}", IPAddress.Parse($"10.8.{h / 256}.{h % 256}"))).ToList();
        var ports = Enumerable.Range(1, PortsPerHost).ToArray();
        var job = new ScanJob(id, new ScanRequest("10.8.0.0/24", "1-1000"), new ScanPlan(targets, ports, 1_000, 64), "tester", At);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new DashboardMetrics(services.GetRequiredService<IMeterFactory>());

        async IAsyncEnumerable<ScanEvent> Events()
        {
            await Task.Yield();
            foreach (var target in targets)
            {
                yield return new HostResult(target.Label, target.AddressText, HostState.Up, "tcp-refused", "port 1 refused", 0.2, "a reset came back", At);
                foreach (var port in ports)
                {
                    yield return port == changedPort || state == ProbeState.Open
                        ? new ProbeResult(target.Label, target.AddressText, port, ProbeState.Open, 0, "OK", "Success", "connected", 0.1, null, null, At, null, 1)
                        : new ProbeResult(target.Label, target.AddressText, port, ProbeState.Closed, 111, "ECONNREFUSED", "ConnectionRefused", "refused", 0.1, null, null, At, null, 1);
                }
            }
        }

        await job.RunAsync((_, _) => Events(), metrics, TimeProvider.System, NullLogger.Instance);
        return job;
    }

    /// <summary>A sink that, every so many bytes, measures the live heap after a full collection: what the writer holds then.</summary>
    private sealed class PeakHeapStream(int sampleEvery) : Stream
    {
        private long _sinceSample;

        public long Written { get; private set; }

        public long PeakHeap { get; private set; }

        public int Samples { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Written += buffer.Length;
            _sinceSample += buffer.Length;
            if (_sinceSample >= sampleEvery)
            {
                _sinceSample = 0;
                Samples++;
                PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(forceFullCollection: true));
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
