using System.Net;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Features.History.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Web.Tests.Support.HistoryHosts;

namespace Dashboard.Web.Tests.Features.History.Storage;

/// <summary>A stored scan is decoded once and then read from memory, within a bound on the results kept decoded.</summary>
public sealed class DecodedScansTests
{
    [Fact]
    public async Task StoredScan_ReadTwice_IsDecodedOnce_AndTheLeastRecentlyReadGoesPastTheBound()
    {
        await using var host = DashboardHost.With(new() { ["History:DecodedScanResults"] = "10" });
        using var http = host.Http();
        using var closed = new ClosedPorts(IPAddress.Loopback, 8);
        var small = await ScanAsync(http, new ScanRequest("127.0.0.1", string.Join(',', closed.Ports.Take(3)), Discovery: HostDiscovery.Off));
        var large = await ScanAsync(http, new ScanRequest("127.0.0.1", closed.Spec, Discovery: HostDiscovery.Off));
        var store = host.Services.GetRequiredService<HistoryStore>();
        foreach (var id in new[] { small.ScanId, large.ScanId })
        {
            while ((await store.FindAsync(id, Token))?.EndedAtMs is null)
            {
                await Task.Delay(20, Token);
            }
        }

        var archive = host.Services.GetRequiredService<ScanArchive>();
        var first = await archive.LoadAsync(small.ScanId, Token);
        var again = await archive.LoadAsync(small.ScanId, Token);

        Assert.Same(first, again);
        Assert.Equal(3, first!.Results.Count);
        Assert.Equal((1, 4L), archive.Decoded);

        // 4 + 9 weigh more than 10: the small scan, read least recently, goes; read again, it is decoded anew.
        var other = await archive.LoadAsync(large.ScanId, Token);
        Assert.Equal(8, other!.Results.Count);
        Assert.Equal((1, 9L), archive.Decoded);
        var decodedAgain = await archive.LoadAsync(small.ScanId, Token);
        Assert.NotSame(first, decodedAgain);
        Assert.Equal(first.Page(null, 0, 10).Page.Select(r => (r.Port, r.State)), decodedAgain!.Page(null, 0, 10).Page.Select(r => (r.Port, r.State)));
        Assert.Equal((1, 4L), archive.Decoded);
    }
}
