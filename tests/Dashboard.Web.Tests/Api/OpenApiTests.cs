using System.Net;
using System.Text.Json;

namespace Dashboard.Web.Tests.Api;

public sealed class OpenApiTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Document_ListsEveryEndpointWithASummary()
    {
        using var http = ApiClient.For(host);

        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("openapi/v1.json", UriKind.Relative), Token));

        var paths = document.RootElement.GetProperty("paths");
        var operations = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Key: $"{o.Name.ToUpperInvariant()} {p.Name}", Operation: o.Value)))
            .ToDictionary(o => o.Key, o => o.Operation);
        string[] expected =
        [
            "POST /api/probe", "POST /api/udp",
            "POST /api/scans", "GET /api/scans", "GET /api/scans/{scanId}", "DELETE /api/scans/{scanId}",
            "GET /api/scans/{scanId}/results", "GET /api/scans/{scanId}/results.{format}",
            "POST /api/listeners", "GET /api/listeners", "GET /api/listeners/{listenerId}",
            "GET /api/listeners/{listenerId}/events", "DELETE /api/listeners/{listenerId}",
            "GET /api/audit", "GET /api/audit.csv",
            "GET /api/policy", "PUT /api/policy", "GET /api/policy/test",
        ];
        Assert.Equal(expected.Order(), operations.Keys.Order());
        Assert.All(operations.Values, o => Assert.False(string.IsNullOrWhiteSpace(o.GetProperty("summary").GetString())));
        Assert.True(operations["POST /api/probe"].GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Equal("Socket Dashboard API", document.RootElement.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Reference_IsServedAtApiDocs()
    {
        using var http = ApiClient.For(host);

        using var response = await http.GetAsync("api/docs", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Socket Dashboard API", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }
}
