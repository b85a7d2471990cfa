using System.Net;
using System.Text.Json;

namespace Dashboard.Web.Tests.Hosting.OpenApi;

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
            "POST /api/probe", "POST /api/udp", "POST /api/tls", "POST /api/unix/probe", "POST /api/unix/send",
            "POST /api/identify", "POST /api/identify/batch", "POST /api/identify/scan/{scanId}", "POST /api/trace",
            "POST /api/scans", "GET /api/scans", "GET /api/scans/{scanId}", "DELETE /api/scans/{scanId}",
            "GET /api/scans/{scanId}/results", "GET /api/scans/{scanId}/results.{format}",
            "POST /api/listeners", "GET /api/listeners", "GET /api/listeners/{listenerId}",
            "GET /api/listeners/{listenerId}/events", "DELETE /api/listeners/{listenerId}", "POST /api/listeners/{listenerId}/send",
            "GET /api/audit", "GET /api/audit.csv",
            "GET /api/policy", "PUT /api/policy", "GET /api/policy/test",
            "GET /api/history", "GET /api/history/{id}", "POST /api/history/{id}/rerun", "GET /api/history/{id}/commands", "GET /api/scans/compare", "GET /api/scans/compare.csv",
            "POST /api/agents", "GET /api/agents", "DELETE /api/agents/{id}", "GET /api/vantage-points",
            "POST /api/paths/check", "POST /api/paths/matrix", "GET /api/paths/matrix", "GET /api/paths/matrix/{id}", "GET /api/paths/matrix/{id}/junit.xml",
            "GET /api/watches", "POST /api/watches", "POST /api/watches/preview", "GET /api/watches/groups", "GET /api/watches/incidents",
            "GET /api/watches/{id}", "PUT /api/watches/{id}", "DELETE /api/watches/{id}", "POST /api/watches/{id}/pause", "POST /api/watches/{id}/resume",
            "POST /api/watches/{id}/run", "GET /api/watches/{id}/runs", "GET /api/watches/{id}/incidents", "GET /api/watches/{id}/uptime", "GET /api/watches/{id}/rtt",
            "GET /api/watches/export", "POST /api/watches/import", "GET /api/watches/junit",
            "GET /api/watches/status-pages/{group}", "PUT /api/watches/status-pages/{group}", "POST /api/watches/status-pages/{group}/rotate",
            "GET /api/notifications", "POST /api/notifications/channels", "GET /api/notifications/channels/{id}", "PUT /api/notifications/channels/{id}",
            "DELETE /api/notifications/channels/{id}", "POST /api/notifications/channels/{id}/test", "POST /api/notifications/maintenance",
            "DELETE /api/notifications/maintenance/{id}",
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

/// <summary>What generators and the reference page need from the document: auth, media types, headers, integer types.</summary>
public sealed class OpenApiContractTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<JsonDocument> DocumentAsync()
    {
        using var http = ApiClient.For(host);
        return JsonDocument.Parse(await http.GetStringAsync(new Uri("openapi/v1.json", UriKind.Relative), Token));
    }

    private static IEnumerable<(string Key, JsonElement Operation)> Operations(JsonDocument document) =>
        document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => ($"{o.Name.ToUpperInvariant()} {p.Name}", o.Value)));

    [Fact]
    public async Task EveryOperation_NeedsTheBearerSchemeAndDocuments401WithItsChallenge()
    {
        using var document = await DocumentAsync();

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        Assert.All(Operations(document), o =>
        {
            Assert.True(o.Operation.GetProperty("security")[0].TryGetProperty("bearer", out _), o.Key);
            var unauthorized = o.Operation.GetProperty("responses").GetProperty("401");
            Assert.True(unauthorized.GetProperty("headers").TryGetProperty("WWW-Authenticate", out _), o.Key);
            Assert.True(unauthorized.GetProperty("content").TryGetProperty("application/problem+json", out _), o.Key);
        });
    }

    [Fact]
    public async Task ScanExport_DocumentsItsMediaTypesAndContentDisposition()
    {
        using var document = await DocumentAsync();

        var ok = document.RootElement.GetProperty("paths").GetProperty("/api/scans/{scanId}/results.{format}").GetProperty("get")
            .GetProperty("responses").GetProperty("200");
        Assert.Equal(["application/json", "application/xml", "text/csv", "text/plain"], ok.GetProperty("content").EnumerateObject().Select(c => c.Name).Order());
        Assert.True(ok.GetProperty("headers").TryGetProperty("Content-Disposition", out _));
    }

    [Fact]
    public async Task LocationAndRetryAfter_AreDocumentedWhereAnswered()
    {
        using var document = await DocumentAsync();

        var responses = document.RootElement.GetProperty("paths").GetProperty("/api/scans").GetProperty("post").GetProperty("responses");
        Assert.True(responses.GetProperty("202").GetProperty("headers").TryGetProperty("Location", out _));
        Assert.True(responses.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
    }

    [Fact]
    public async Task Integers_AreTypedIntegerOnly()
    {
        using var document = await DocumentAsync();

        var port = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("ProbeRequest").GetProperty("properties").GetProperty("port");
        Assert.Equal("integer", port.GetProperty("type").GetString());
        var text = document.RootElement.GetRawText();
        Assert.DoesNotContain("\"string\",\"integer\"", text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\"integer\",\"string\"", text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
