using System.IO.Compression;
using Dashboard.Contracts;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Features.History.Storage;
using Dashboard.Web.Tests.Features.Policy;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Scan;

/// <summary>
/// A sweep's absent hosts are runs of addresses in the stream, in the stored scan and in its exports, not a row each:
/// a /24 in a namespace of the test's own with two hosts up (this side and the namespace's), the other 254 down.
/// </summary>
public sealed class HostRunsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sweep_AbsentHosts_StreamedAndStoredAsExactRuns_AndReadAgainAfterARestart()
    {
        using var link = new OwnLink();
        var prefix = link.HostSide.ToString()[..^2];
        var dataDir = Directory.CreateTempSubdirectory("sd-test-").FullName;
        List<ScanBatch> batches = [];
        await using (var first = DashboardHost.Over(dataDir, []))
        {
            await using var hub = await first.ConnectHubAsync(Token);
            await foreach (var batch in hub.StreamAsync<ScanBatch>(ProbeHubRoutes.Scan, new ScanRequest($"{prefix}.0/24", "80"), Token))
            {
                batches.Add(batch);
            }
        }

        var hosts = batches.SelectMany(b => b.Hosts ?? []).ToList();
        Assert.Equal(new HostCounts(2, 254), batches[^1].HostCounts);
        Assert.Equal([$"{prefix}.1", $"{prefix}.2"], hosts.Where(h => h.State == HostState.Up).Select(h => h.Address).Order(StringComparer.Ordinal));
        var run = Assert.Single(hosts, h => h.Count is not null);
        Assert.Equal(($"{prefix}.3", $"{prefix}.255", 253), (run.Address, run.LastAddress, run.Count));
        Assert.Equal(4, hosts.Count);
        Assert.Equal(256, hosts.SelectMany(h => h.EachAddress()).Distinct().Count());

        await using var second = DashboardHost.Over(dataDir, []);
        using var http = second.Http();
        var gnmap = await http.GetStringAsync(new Uri($"api/scans/{batches[0].ScanId}/results.gnmap", UriKind.Relative), Token);
        Assert.Contains($"# Down: {prefix}.3 - {prefix}.255 (253 hosts): arp", gnmap.Split('\n'));
        Assert.Contains($"Host: {prefix}.0 ()\tStatus: Down", gnmap.Split('\n'));
    }

    [Fact]
    public void StoredHostRow_FromBeforeRuns_ReadsAsOneAddress()
    {
        const string before = """[{"host":"gone.lan","address":"10.9.0.3","state":"down","method":"host-unreachable","detail":null,"rttMs":null,"reason":"no neighbour","at":"2026-11-26T12:00:00+00:00"}]""";
        using var compressed = new MemoryStream();
        using (var deflate = new DeflateStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(System.Text.Encoding.UTF8.GetBytes(before));
        }

        var row = Assert.Single(JsonChunk.Decode<HostResult>(compressed.ToArray()));

        Assert.Equal(("10.9.0.3", null, null, 1, HostState.Down), (row.Address, row.LastAddress, row.Count, row.Addresses, row.State));
        Assert.Equal(["10.9.0.3"], row.EachAddress());
    }

    [Fact]
    public void HostRow_One_LeavesTheRunFieldsOffTheWire()
    {
        var row = new HostResult("10.9.0.3", "10.9.0.3", HostState.Down, "arp", null, null, "silent", DateTimeOffset.UnixEpoch);

        var json = JsonChunk.Text(row);

        Assert.DoesNotContain("lastAddress", json, StringComparison.Ordinal);
        Assert.DoesNotContain("count", json, StringComparison.Ordinal);
        Assert.Contains("\"count\":3", JsonChunk.Text(row with { LastAddress = "10.9.0.5", Count = 3 }), StringComparison.Ordinal);
    }
}
