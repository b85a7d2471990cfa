using System.Net;
using Dashboard.Contracts;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Scan;

public sealed class ScanHubTests(ScanHubTests.Host host) : IClassFixture<ScanHubTests.Host>
{
    public sealed class Host : IDisposable
    {
        public DashboardHost Dashboard { get; } = DashboardHost.With(new()
        {
            ["Dashboard:Scans:BatchSize"] = "100",
            ["Dashboard:Scans:MaxRunning"] = "3",
        });

        public void Dispose() => Dashboard.Dispose();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<List<ScanBatch>> StreamAllAsync(HubConnection hub, string method, object argument)
    {
        var batches = new List<ScanBatch>();
        await foreach (var batch in hub.StreamAsync<ScanBatch>(method, argument, Token))
        {
            batches.Add(batch);
        }

        return batches;
    }

    [Fact]
    public async Task Scan_SeveralHosts_StreamsEachHostOnceWithTheMethodAndCounts()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var batches = await StreamAllAsync(hub, ProbeHubRoutes.Scan, new ScanRequest("127.0.0.1 127.0.0.2", $"{listener.Port}"));

        var hosts = batches.SelectMany(b => b.Hosts ?? []).ToList();
        Assert.Equal(["127.0.0.1", "127.0.0.2"], hosts.Select(h => h.Address).Order());
        Assert.All(hosts, h =>
        {
            Assert.Equal(HostState.Up, h.State);
            Assert.False(string.IsNullOrEmpty(h.Method));
            Assert.NotNull(h.RttMs);
        });
        Assert.Equal(new HostCounts(2, 0), batches[^1].HostCounts);
        Assert.Equal(2, batches.SelectMany(b => b.Results).Count());
    }

    [Fact]
    public async Task Scan_KnownPorts_StreamsBatchedResultsWithProgressToDone()
    {
        using var first = new LoopbackListener(IPAddress.Loopback);
        using var second = new LoopbackListener(IPAddress.Loopback);
        using var closedPorts = new ClosedPorts(IPAddress.Loopback, 400);
        var closed = closedPorts.Ports;
        var ports = string.Join(',', closed.Append(first.Port).Append(second.Port));
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var batches = await StreamAllAsync(hub, ProbeHubRoutes.Scan, new ScanRequest("127.0.0.1", ports, TimeoutMs: 2000));

        var last = batches[^1];
        Assert.True(last.Done);
        Assert.Equal(ScanOutcome.Completed, last.Outcome);
        Assert.All(batches[..^1], b => Assert.False(b.Done));
        Assert.All(batches, b => Assert.InRange(b.Results.Count, 0, 100));
        Assert.Single(batches.Select(b => b.ScanId).Distinct());
        var results = batches.SelectMany(b => b.Results).ToList();
        Assert.Equal(closed.Length + 2, results.Count);
        Assert.True(batches.Count <= (results.Count / 50) + 4, $"{batches.Count} batches for {results.Count} results");
        Assert.Equal((long)closed.Length + 2, last.Completed);
        Assert.Equal(last.Total, last.Completed);
        Assert.Equal(new ScanCounts(2, closed.Length, 0, 0, 0), last.Counts);
        Assert.Equal(new[] { first.Port, second.Port }.Order(), results.Where(r => r.State == ProbeState.Open).Select(r => r.Port).Order());
        Assert.True(batches.Zip(batches.Skip(1)).All(p => p.First.Completed <= p.Second.Completed), "progress went backwards");
    }

    [Fact]
    public async Task Scan_Compact_DeliversTheSameResultsAsWholeBatchesInColumns()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var closedPorts = new ClosedPorts(IPAddress.Loopback, 300);
        var ports = string.Join(',', closedPorts.Ports.Append(listener.Port));
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var whole = await StreamAllAsync(hub, ProbeHubRoutes.Scan, new ScanRequest("127.0.0.1", ports));
        var compact = await StreamAllAsync(hub, ProbeHubRoutes.Scan, new ScanRequest("127.0.0.1", ports, Compact: true));

        Assert.All(whole, b => Assert.Null(b.Compact));
        Assert.Contains(compact, b => b.Compact is { Count: > 0 });
        Assert.All(compact, b => Assert.InRange(b.ResultCount, 0, 100));
        Assert.Equal(compact[^1].Counts, whole[^1].Counts);
        // Open ports carry their endpoints, so they stay whole; the closed ones come as rows.
        var open = Assert.Single(compact.SelectMany(b => b.Results));
        Assert.Equal(ProbeState.Open, open.State);
        Assert.NotNull(open.LocalEndPoint);
        static string Key(ProbeResult r) => $"{r.Host} {r.Address} {r.Port} {r.State} {r.Code} {r.CodeName} {r.SocketError} {r.Message} {r.Service} {r.Attempts} {r.RttMs.HasValue}";
        var expanded = compact.SelectMany(b => b.AllResults()).ToList();
        Assert.Equal(whole.SelectMany(b => b.Results).Select(Key).Order(), expanded.Select(Key).Order());
        Assert.All(expanded.Where(r => r.State == ProbeState.Closed), r =>
        {
            Assert.Null(r.LocalEndPoint);
            Assert.InRange(r.RttMs!.Value, 0, 60_000);
            Assert.InRange(r.At, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        });
    }

    [Fact]
    public async Task Scan_OpenOnly_SendsOnlyOpenResultsButCountsAll()
    {
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closedPorts = new ClosedPorts(IPAddress.Loopback, 30);
        var closed = closedPorts.Ports;
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var batches = await StreamAllAsync(hub, ProbeHubRoutes.Scan,
            new ScanRequest("127.0.0.1", string.Join(',', closed.Append(open.Port)), OpenOnly: true));

        var result = Assert.Single(batches.SelectMany(b => b.Results));
        Assert.Equal((open.Port, ProbeState.Open), (result.Port, result.State));
        Assert.Equal(closed.Length, batches[^1].Counts.Closed);
        Assert.Equal(closed.Length + 1, batches[^1].Completed);
    }

    [Fact]
    public async Task WatchScan_Teammate_GetsEverythingSoFarThenLiveToTheSameEnd()
    {
        using var saturated = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        using var open = new LoopbackListener(IPAddress.Loopback);
        await using var starter = await host.Dashboard.ConnectHubAsync(Token);
        await using var teammate = await host.Dashboard.ConnectHubAsync(Token);
        await using var stream = starter.StreamAsync<ScanBatch>(ProbeHubRoutes.Scan,
            new ScanRequest("127.0.0.1", $"{open.Port},{saturated.EndPoint.Port}", TimeoutMs: 1500), Token).GetAsyncEnumerator(Token);
        Assert.True(await stream.MoveNextAsync());
        var scanId = stream.Current.ScanId;

        var watched = await StreamAllAsync(teammate, ProbeHubRoutes.WatchScan, scanId);
        var started = new List<ScanBatch> { stream.Current };
        while (await stream.MoveNextAsync())
        {
            started.Add(stream.Current);
        }

        Assert.Equal(started[^1].Counts, watched[^1].Counts);
        Assert.Equal(new ScanCounts(1, 0, 1, 0, 0), watched[^1].Counts);
        Assert.Equal(
            started.SelectMany(b => b.Results).Select(r => (r.Port, r.State)).Order(),
            watched.SelectMany(b => b.Results).Select(r => (r.Port, r.State)).Order());
        Assert.All(watched, b => Assert.Equal(scanId, b.ScanId));
    }

    [Fact]
    public async Task CancelScan_FromAnotherConnection_EndsTheStarterStreamCancelled()
    {
        using var saturated = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        await using var starter = await host.Dashboard.ConnectHubAsync(Token);
        await using var other = await host.Dashboard.ConnectHubAsync(Token);
        await using var stream = starter.StreamAsync<ScanBatch>(ProbeHubRoutes.Scan,
            new ScanRequest("127.0.0.1", $"{saturated.EndPoint.Port}", TimeoutMs: 10_000), Token).GetAsyncEnumerator(Token);
        Assert.True(await stream.MoveNextAsync());

        await other.InvokeAsync(ProbeHubRoutes.CancelScan, stream.Current.ScanId, Token);

        ScanBatch last = stream.Current;
        while (await stream.MoveNextAsync())
        {
            last = stream.Current;
        }

        Assert.True(last.Done);
        Assert.Equal(ScanOutcome.Cancelled, last.Outcome);
        Assert.True(last.ElapsedMs < 5_000);
    }

    [Fact]
    public async Task Scan_StarterStreamClosed_TheScanRunsOnToItsEnd()
    {
        // One port that never answers, 1 s a try: the scan ends on its own, completed, a few seconds later.
        using var saturated = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        await using var starter = await host.Dashboard.ConnectHubAsync(Token);
        await using var watcher = await host.Dashboard.ConnectHubAsync(Token);
        using var closeTab = CancellationTokenSource.CreateLinkedTokenSource(Token);
        string scanId;
        await using (var stream = starter.StreamAsync<ScanBatch>(ProbeHubRoutes.Scan,
                         new ScanRequest("127.0.0.1", $"{saturated.EndPoint.Port}", TimeoutMs: 1_000), closeTab.Token).GetAsyncEnumerator(closeTab.Token))
        {
            Assert.True(await stream.MoveNextAsync());
            scanId = stream.Current.ScanId;
            await closeTab.CancelAsync();
        }

        var watched = await StreamAllAsync(watcher, ProbeHubRoutes.WatchScan, scanId);

        Assert.Equal(ScanOutcome.Completed, watched[^1].Outcome);
        Assert.Equal(ProbeState.Filtered, Assert.Single(watched.SelectMany(b => b.Results)).State);
    }

    public static TheoryData<ScanRequest, string> BadScans => new()
    {
        { new ScanRequest("127.0.0.1", "99999"), "ports: '99999' is outside 1-65535" },
        { new ScanRequest("127.0.0.1", ""), "ports is required" },
        { new ScanRequest("10.0.0.0/1", "22"), "targets: '10.0.0.0/1' is 2,147,483,648 addresses; a scan may cover at most 65,536" },
        { new ScanRequest("nothing.invalid", "22"), "targets: 'nothing.invalid' did not resolve (EAI_NONAME)" },
        { new ScanRequest("127.0.0.1", "22", TimeoutMs: 0), "timeoutMs must be 1-10000, got 0" },
        { new ScanRequest("127.0.0.1", "22", Concurrency: 999_999), "concurrency must be 1-4096, got 999999" },
    };

    [Theory]
    [MemberData(nameof(BadScans))]
    public async Task Scan_BadRequest_GivesAClearHubExceptionAndTheConnectionKeepsWorking(ScanRequest request, string expected)
    {
        using var open = new LoopbackListener(IPAddress.Loopback);
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var error = await Assert.ThrowsAsync<HubException>(() => StreamAllAsync(hub, ProbeHubRoutes.Scan, request));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        var next = await StreamAllAsync(hub, ProbeHubRoutes.Scan, new ScanRequest("127.0.0.1", $"{open.Port}"));
        Assert.Equal(1, next[^1].Counts.Open);
    }

    [Theory]
    [InlineData(ProbeHubRoutes.WatchScan)]
    [InlineData(ProbeHubRoutes.CancelScan)]
    public async Task UnknownScanId_SaysSo(string method)
    {
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var error = await Assert.ThrowsAsync<HubException>(() => method == ProbeHubRoutes.CancelScan
            ? hub.InvokeAsync(method, "nope", Token)
            : StreamAllAsync(hub, method, "nope"));

        Assert.Contains("scanId 'nope' is not a running scan nor one in the history", error.Message, StringComparison.Ordinal);
    }
}
