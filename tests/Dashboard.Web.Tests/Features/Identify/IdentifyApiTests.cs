using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Identify;
using Dashboard.Contracts.Scan;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Identify;

/// <summary>The doors to service identification, against real servers in a namespace of the test's own.</summary>
public sealed class IdentifyApiTests(DashboardHost host, ServiceLab lab) : IClassFixture<DashboardHost>, IClassFixture<ServiceLab>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostIdentify_Ssh_IsStoredAsAServiceAndRunsAgain()
    {
        using var http = ApiClient.For(host);

        using var response = await http.PostAsJsonAsync("api/identify", new { host = lab.Address, port = ServiceLab.Ssh }, Token);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token));
        var result = (await response.Content.ReadFromJsonAsync<IdentifyResult>(Token))!;
        Assert.Equal((IdentifyState.Identified, "ssh", "OpenSSH", "banner", "this server"), (result.State, result.Service, result.Product, result.LearnedBy, result.From));
        var stored = await http.GetFromJsonAsync<JsonElement>(new Uri($"api/history/{result.Id}", UriKind.Relative), Token);
        Assert.Equal("service", stored.GetProperty("entry").GetProperty("kind").GetString());
        Assert.Equal("identified", stored.GetProperty("entry").GetProperty("state").GetString());
        Assert.Equal($"services/{result.Id}", stored.GetProperty("entry").GetProperty("link").GetString());
        Assert.Equal("ssh", stored.GetProperty("result").GetProperty("service").GetString());

        using var again = await http.PostAsync(new Uri($"api/history/{result.Id}/rerun", UriKind.Relative), null, Token);
        Assert.True(again.IsSuccessStatusCode, await again.Content.ReadAsStringAsync(Token));
        Assert.Contains("services/", await again.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"host\":\"\",\"port\":22}", "host")]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":70000}", "port must be 1-65535, got 70000")]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":22,\"timeoutMs\":999999}", "timeoutMs must be 1-30000, got 999999")]
    public async Task PostIdentify_BadInput_Is400NamingTheField(string body, string expected)
    {
        using var http = ApiClient.For(host);

        using var response = await http.PostJsonAsync("api/identify", body, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostIdentifyBatch_StreamsOneResultPerTarget()
    {
        using var http = ApiClient.For(host);

        using var response = await http.PostAsJsonAsync("api/identify/batch", new
        {
            targets = new[] { $"{lab.Address}:{ServiceLab.Http}", $"{lab.Address}:{ServiceLab.Smtp}", $"{lab.Address}:{ServiceLab.Closed}" },
            concurrency = 3,
        }, Token);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token));
        var results = (await response.Content.ReadFromJsonAsync<List<IdentifyResult>>(Token))!;
        Assert.Equal(
            [(ServiceLab.Smtp, "smtp"), (ServiceLab.Closed, null), (ServiceLab.Http, "http")],
            results.OrderBy(r => r.Port).Select(r => (r.Port, r.Service)));
        Assert.Equal(IdentifyState.Closed, results.Single(r => r.Port == ServiceLab.Closed).State);
    }

    [Fact]
    public async Task PostIdentifyBatch_BadTarget_Is400NamingIt()
    {
        using var http = ApiClient.For(host);

        using var response = await http.PostJsonAsync("api/identify/batch", "{\"targets\":[\"127.0.0.1\"]}", Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("targets: each item must be host:port", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentifyScan_OverTheHub_IdentifiesTheOpenPortsOfAFinishedScan()
    {
        using var http = ApiClient.For(host);
        using var started = await http.PostAsync("api/scans", new ScanRequest(lab.Address, $"{ServiceLab.Redis},{ServiceLab.Postgres},{ServiceLab.Closed}"), Token);
        var scan = (await started.Content.ReadFromJsonAsync<ScanStatus>(Token))!;
        while ((await http.GetFromJsonAsync<ScanStatus>(started.Headers.Location, Token))!.State == ScanState.Running)
        {
            await Task.Delay(50, Token);
        }

        await using var hub = await host.ConnectHubAsync(Token);
        var results = new List<IdentifyResult>();
        await foreach (var result in hub.StreamAsync<IdentifyResult>(ProbeHubRoutes.IdentifyScan, scan.ScanId, Token))
        {
            results.Add(result);
        }

        Assert.Equal([(ServiceLab.Postgres, "postgresql"), (ServiceLab.Redis, "redis")], results.OrderBy(r => r.Port).Select(r => (r.Port, r.Service)));
    }
}
