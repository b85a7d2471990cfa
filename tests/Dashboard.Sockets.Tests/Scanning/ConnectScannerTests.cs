using System.Net;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;

namespace Dashboard.Sockets.Tests.Scanning;

public sealed class ConnectScannerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<List<ProbeResult>> ScanAsync(string scanner, ScanRequest request)
    {
        var plan = await Engine.Planner().PlanAsync(request, Token);
        var results = new List<ProbeResult>();
        await foreach (var result in Engine.Scanner(scanner).ScanAsync(plan, Token))
        {
            results.Add(result);
        }

        return results;
    }

    public static TheoryData<string, string> ScannersAndAddresses()
    {
        var data = new TheoryData<string, string>();
        foreach (var scanner in Engine.Scanners)
        {
            data.Add(scanner, "127.0.0.1");
            data.Add(scanner, "::1");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScannersAndAddresses))]
    public async Task Scan_KnownPortSet_FindsExactlyTheOpenPorts(string scanner, string address)
    {
        var ip = IPAddress.Parse(address);
        using var first = new LoopbackListener(ip);
        using var second = new LoopbackListener(ip);
        using var closedPorts = new ClosedPorts(ip, 40);
        var closed = closedPorts.Ports;
        var ports = string.Join(',', closed.Append(first.Port).Append(second.Port));

        var results = await ScanAsync(scanner, new ScanRequest(address, ports, TimeoutMs: 2_000));

        Assert.Equal(closed.Length + 2, results.Count);
        Assert.Equal(closed.Length + 2, results.Select(r => r.Port).Distinct().Count());
        var open = results.Where(r => r.State == ProbeState.Open).OrderBy(r => r.Port).ToArray();
        Assert.Equal(new[] { first.Port, second.Port }.Order(), open.Select(r => r.Port));
        Assert.All(open, r =>
        {
            Assert.Equal((0, "OK"), (r.Code, r.CodeName));
            Assert.Equal(new IPEndPoint(ip, r.Port).ToString(), r.RemoteEndPoint);
            Assert.NotNull(r.LocalEndPoint);
            Assert.Equal(address, r.Address);
        });
        Assert.All(results.Where(r => r.State != ProbeState.Open), r =>
        {
            Assert.Equal(ProbeState.Closed, r.State);
            Assert.Equal((111, "ECONNREFUSED", "ConnectionRefused"), (r.Code, r.CodeName, r.SocketError));
            Assert.Contains("nothing listens", r.Message, StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(Engine.Scanners), MemberType = typeof(Engine))]
    public async Task Scan_OpenPortAmongManyRefused_IsReportedAsItCompletesNotAtTheEnd(string scanner)
    {
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 3_000);

        var results = await ScanAsync(scanner, new ScanRequest("127.0.0.1", $"{open.Port},{closed.Spec}", Concurrency: 64));

        var position = results.FindIndex(r => r.State == ProbeState.Open);
        Assert.InRange(position, 0, 1_000);
        Assert.Equal(3_001, results.Count);
    }

    [Theory]
    [MemberData(nameof(Engine.Scanners), MemberType = typeof(Engine))]
    public async Task Scan_DroppedSyns_AreRetriedThenFilteredWithTheHostsTimeout(string scanner)
    {
        using var saturated = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        using var open = new LoopbackListener(IPAddress.Loopback);

        var results = await ScanAsync(scanner, new ScanRequest("127.0.0.1", $"{open.Port},{saturated.EndPoint.Port}", TimeoutMs: 300));

        var filtered = Assert.Single(results, r => r.Port == saturated.EndPoint.Port);
        Assert.Equal((ProbeState.Filtered, 110, "ETIMEDOUT", 2), (filtered.State, filtered.Code, filtered.CodeName, filtered.Attempts));
        Assert.StartsWith("no answer to 2 connects", filtered.Message, StringComparison.Ordinal);
        // The last connect waited the host's timeout: at least the minimum (100 ms).
        Assert.InRange(filtered.RttMs!.Value, 95, 2_000);
        Assert.Equal((ProbeState.Open, (int?)null), (Assert.Single(results, r => r.Port == open.Port).State, results.Single(r => r.Port == open.Port).Attempts));
    }

    [Theory]
    [MemberData(nameof(Engine.Scanners), MemberType = typeof(Engine))]
    public async Task Scan_SeveralTargets_ReportsEachWithItsLabel(string scanner)
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);

        var results = await ScanAsync(scanner, new ScanRequest("127.0.0.1 app.localhost", $"{listener.Port}"));

        Assert.Equal(["127.0.0.1", "app.localhost"], results.Select(r => r.Host).Order());
        Assert.All(results, r => Assert.Equal(ProbeState.Open, r.State));
    }

    [Fact]
    public async Task Scan_Precancelled_Throws()
    {
        var plan = await Engine.Planner().PlanAsync(new ScanRequest("127.0.0.1", "1"), Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Engine.DefaultScanner().ScanAsync(plan, new CancellationToken(true)))
            {
            }
        });
    }
}
