using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Scan.Export;

public sealed class ScanExportTests(DashboardHost dashboard) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<(string ScanId, int Open, int[] Closed)> ScanAsync(int closedCount = 5)
    {
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closedPorts = new ClosedPorts(IPAddress.Loopback, closedCount);
        var closed = closedPorts.Ports;
        await using var hub = await dashboard.ConnectHubAsync(Token);
        string? id = null;
        await foreach (var batch in hub.StreamAsync<ScanBatch>(ProbeHubRoutes.Scan, new ScanRequest("127.0.0.1", string.Join(',', closed.Prepend(open.Port))), Token))
        {
            id = batch.ScanId;
        }

        return (id!, open.Port, closed);
    }

    private HttpClient Http() => dashboard.Http();

    [Fact]
    public async Task Csv_HasAHeaderAndARowPerResult()
    {
        var (id, open, closed) = await ScanAsync();
        using var http = Http();

        using var response = await http.GetAsync(new Uri($"api/scans/{id}/results.csv", UriKind.Relative), Token);
        var lines = (await response.Content.ReadAsStringAsync(Token)).TrimEnd('\n').Split('\n');

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"scan-{id}.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("host,address,port,state,code,codeName,rttMs,localEndPoint,remoteEndPoint,at,service", lines[0]);
        Assert.Equal(closed.Length + 1, lines.Length - 1);
        Assert.Contains(lines, l => l.StartsWith($"\"127.0.0.1\",\"127.0.0.1\",\"{open}\",\"open\",\"0\",\"OK\",", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"\"127.0.0.1\",\"127.0.0.1\",\"{closed[0]}\",\"closed\",\"111\",\"ECONNREFUSED\",", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_IsTheHubsOwnRecords_FilteredByState()
    {
        var (id, open, _) = await ScanAsync();
        using var http = Http();

        var results = await http.GetFromJsonAsync<ProbeResult[]>(new Uri($"api/scans/{id}/results.json?states=open", UriKind.Relative), Token);

        var result = Assert.Single(results!);
        Assert.Equal((open, ProbeState.Open, $"127.0.0.1:{open}"), (result.Port, result.State, result.RemoteEndPoint));
    }

    [Fact]
    public async Task Gnmap_PastTwentyFiveClosedPorts_CountsThemAsNmapsIgnoredState()
    {
        var (id, open, closed) = await ScanAsync(closedCount: 30);
        using var http = Http();

        var text = await http.GetStringAsync(new Uri($"api/scans/{id}/results.gnmap", UriKind.Relative), Token);

        Assert.Contains($"Host: 127.0.0.1 ()\tStatus: Up", text, StringComparison.Ordinal);
        Assert.Contains($"Host: 127.0.0.1 ()\tPorts: {open}/open/tcp//{Dashboard.Sockets.Targets.ServiceNames.Of(open)}///\tIgnored State: closed ({closed.Length})", text, StringComparison.Ordinal);
        Assert.StartsWith("# Socket Dashboard scan", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gnmap_FewClosedPorts_ListsThemAsNmapDoes()
    {
        var (id, open, closed) = await ScanAsync(closedCount: 5);
        using var http = Http();

        var text = await http.GetStringAsync(new Uri($"api/scans/{id}/results.gnmap", UriKind.Relative), Token);

        var ports = text.Split('\n').Single(l => l.Contains("\tPorts: ", StringComparison.Ordinal));
        Assert.DoesNotContain("Ignored State", ports, StringComparison.Ordinal);
        Assert.Contains($"{open}/open/tcp//", ports, StringComparison.Ordinal);
        Assert.All(closed, port => Assert.Contains($"{port}/closed/tcp//", ports, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("results.html", HttpStatusCode.BadRequest, "format must be csv, json, gnmap or xml, got 'html'")]
    [InlineData("results.csv?states=up", HttpStatusCode.BadRequest, "states: 'up' is not a state")]
    public async Task Export_BadRequest_SaysWhatIsAllowed(string path, HttpStatusCode status, string expected)
    {
        var (id, _, _) = await ScanAsync();
        using var http = Http();

        using var response = await http.GetAsync(new Uri($"api/scans/{id}/{path}", UriKind.Relative), Token);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_UnknownScan_Is404()
    {
        using var http = Http();

        using var response = await http.GetAsync(new Uri("api/scans/feedface/results.csv", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
