using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Scan;

namespace Dashboard.Web.Tests.Features.Scan;

public sealed class ScanApiTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<ScanStatus> UntilFinishedAsync(HttpClient http, Uri location)
    {
        while (true)
        {
            var status = await http.GetFromJsonAsync<ScanStatus>(location, Token);
            if (status!.State != ScanState.Running)
            {
                return status;
            }

            await Task.Delay(50, Token);
        }
    }

    [Fact]
    public async Task PostScan_Is202WithLocation_ThenStatusAndResultsByState()
    {
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 3);
        using var http = ApiClient.For(host);

        using var response = await http.PostAsync("api/scans", new ScanRequest("127.0.0.1", $"{open.Port},{closed.Spec}"), Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<ScanStatus>(Token);
        Assert.Equal($"/api/scans/{started!.ScanId}", response.Headers.Location!.OriginalString);
        var finished = await UntilFinishedAsync(http, response.Headers.Location);
        Assert.Equal((ScanState.Completed, 4L, 4L, 1L, 3L), (finished.State, finished.Completed, finished.Total, finished.Counts.Open, finished.Counts.Closed));
        Assert.Equal(DashboardHost.AdminName, finished.Owner);

        var page = await http.GetFromJsonAsync<ScanResultsPage>(new Uri($"api/scans/{started.ScanId}/results?state=open", UriKind.Relative), Token);
        Assert.Equal((1L, true), (page!.Matching, page.Done));
        Assert.Equal(open.Port, Assert.Single(page.Results).Port);
        var second = await http.GetFromJsonAsync<ScanResultsPage>(new Uri($"api/scans/{started.ScanId}/results?pageSize=3&page=2", UriKind.Relative), Token);
        Assert.Equal((4L, 1), (second!.Matching, second.Results.Count));

        var csv = await http.GetStringAsync(new Uri($"api/scans/{started.ScanId}/results.csv?state=closed", UriKind.Relative), Token);
        Assert.Equal(4, csv.TrimEnd('\n').Split('\n').Length);
        var listed = await http.GetFromJsonAsync<List<ScanStatus>>(new Uri("api/scans", UriKind.Relative), Token);
        Assert.Contains(listed!, s => s.ScanId == started.ScanId);
    }

    [Fact]
    public async Task DeleteScan_CancelsARunningScan()
    {
        using var saturated = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        using var http = ApiClient.For(host);
        using var response = await http.PostAsync("api/scans",
            new ScanRequest("127.0.0.1", saturated.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeoutMs: 10_000), Token);
        var started = await response.Content.ReadFromJsonAsync<ScanStatus>(Token);

        using var deleted = await http.DeleteAsync($"api/scans/{started!.ScanId}", Token);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var status = await deleted.Content.ReadFromJsonAsync<ScanStatus>(Token);
        Assert.Equal(ScanState.Cancelled, status!.State);
        Assert.Contains("cancelled by admin through the api", status.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/scans/0123456789abcdef", HttpStatusCode.NotFound, "scanId '0123456789abcdef' is not a running scan nor one in the history")]
    [InlineData("api/scans/0123456789abcdef/results", HttpStatusCode.NotFound, "scanId '0123456789abcdef'")]
    public async Task UnknownScan_Is404Problem(string path, HttpStatusCode expected, string detail)
    {
        using var http = ApiClient.For(host);

        using var response = await http.GetAsync(path, Token);

        Assert.Equal(expected, response.StatusCode);
        Assert.StartsWith(detail, (await response.ProblemAsync(Token)).Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"targets\":\"127.0.0.1\",\"ports\":\"99999\"}", "ports", "ports: '99999' is outside 1-65535")]
    [InlineData("{\"targets\":\"10.0.0.0/1\",\"ports\":\"22\"}", "targets", "targets: '10.0.0.0/1' is 2,147,483,648 addresses")]
    [InlineData("{\"targets\":\"127.0.0.1\",\"ports\":\"22\",\"openOnly\":\"yes\"}", "openOnly", "openOnly must be true or false, got \"yes\"")]
    public async Task PostScan_BadInput_Is400WithTheField(string json, string field, string expected)
    {
        using var http = ApiClient.For(host);

        using var response = await http.PostJsonAsync("api/scans", json, Token);

        var (status, detail, errorField) = await response.ProblemAsync(Token);
        Assert.Equal((400, field), (status, errorField));
        Assert.StartsWith(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_BadStateOrPage_Is400()
    {
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        using var http = ApiClient.For(host);
        using var started = await http.PostAsync("api/scans", new ScanRequest("127.0.0.1", closed.Spec), Token);
        var id = (await started.Content.ReadFromJsonAsync<ScanStatus>(Token))!.ScanId;

        using var badState = await http.GetAsync($"api/scans/{id}/results?state=shut", Token);
        using var badPage = await http.GetAsync($"api/scans/{id}/results?page=0", Token);

        Assert.Equal("state: 'shut' is not a state: open, closed, filtered, unreachable, error", (await badState.ProblemAsync(Token)).Detail);
        Assert.Equal("page must be 1 or more, got 0", (await badPage.ProblemAsync(Token)).Detail);
    }
}
