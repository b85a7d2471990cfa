using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.History;
using Dashboard.Contracts.Scan;
using static Dashboard.Web.Tests.Support.HistoryHosts;

namespace Dashboard.Web.Tests.Features.History;

/// <summary>Two real scans of the same loopback ports, with listeners opened and closed between them: the comparison lists exactly the ports that changed.</summary>
public sealed class ScanCompareTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    [Fact]
    public async Task Compare_ListsExactlyThePortsWhoseStateChanged()
    {
        using var http = host.Http();
        using var stays = new LoopbackListener(IPAddress.Loopback);
        var goes = new LoopbackListener(IPAddress.Loopback);
        var comesHolder = new ClosedPorts(IPAddress.Loopback, 1);
        using var staysClosed = new ClosedPorts(IPAddress.Loopback, 1);
        var comes = comesHolder.Ports[0];
        var ports = $"{stays.Port},{goes.Port},{comes},{staysClosed.Spec}";

        var before = await ScanAsync(http, new ScanRequest("127.0.0.1", ports));
        goes.Dispose();
        comesHolder.Dispose();
        using var came = new LoopbackListener(IPAddress.Loopback, comes);
        var after = await ScanAsync(http, new ScanRequest("127.0.0.1", ports));

        var diff = await http.GetFromJsonAsync<ScanComparison>(new Uri($"api/scans/compare?a={before.ScanId}&b={after.ScanId}", UriKind.Relative), Token);

        Assert.Equal((before.ScanId, after.ScanId, true, 2L), (diff!.A, diff.B, diff.SameTargets, diff.Unchanged));
        Assert.Equal(
            new[] { (goes.Port, "open", "closed"), (comes, "closed", "open") }.OrderBy(p => p.Item1),
            diff.Ports.Select(p => (p.Port, p.Before!, p.After!)));
        Assert.All(diff.Ports, p => Assert.Equal("127.0.0.1", p.Address));
        Assert.Empty(diff.Hosts);

        using var csv = await http.GetAsync(new Uri($"api/scans/compare.csv?a={before.ScanId}&b={after.ScanId}", UriKind.Relative), Token);
        var lines = (await csv.Content.ReadAsStringAsync(Token)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"compare-{before.ScanId}-{after.ScanId}.csv", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(["address,port,service,before,after",
            .. diff.Ports.Select(p => $"\"127.0.0.1\",\"{p.Port}\",\"{p.Service}\",\"{p.Before}\",\"{p.After}\"")], lines);
    }

    [Fact]
    public async Task Compare_WithoutBothIds_IsRefusedNamingTheFields()
    {
        using var http = host.Http();

        using var response = await http.GetAsync("api/scans/compare?a=abc", Token);

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal(400, status);
        Assert.Contains("a and b are required", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_OfAnUnknownScan_IsNotFound()
    {
        using var http = host.Http();

        using var response = await http.GetAsync("api/scans/compare?a=0000000000000000&b=1111111111111111", Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
