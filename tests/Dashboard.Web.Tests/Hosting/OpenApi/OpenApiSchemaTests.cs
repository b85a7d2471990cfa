using System.Net;
using System.Text.Json;
using Dashboard.Web.Features.History;

namespace Dashboard.Web.Tests.Hosting.OpenApi;

/// <summary>
/// The schemas say what the validators enforce: required lists, ranges and closed sets from the same constants and
/// settings, so a changed setting changes the document and the answer alike.
/// </summary>
public sealed class OpenApiSchemaTests(OpenApiSchemaTests.Bounded host) : IClassFixture<OpenApiSchemaTests.Bounded>
{
    public const int ProbeMaxTimeoutMs = 4_321;
    public const int UdpMaxCount = 7;

    /// <summary>A host whose probe timeout and UDP count maxima are not the defaults.</summary>
    public sealed class Bounded() : IAsyncDisposable
    {
        public DashboardHost Host { get; } = DashboardHost.With(new()
        {
            ["Sockets:Probe:MaxTimeoutMs"] = ProbeMaxTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sockets:Udp:MaxCount"] = UdpMaxCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<JsonDocument> DocumentAsync()
    {
        using var http = host.Host.Http();
        return JsonDocument.Parse(await http.GetStringAsync(new Uri("openapi/v1.json", UriKind.Relative), Token));
    }

    private static JsonElement Schema(JsonDocument document, string name) =>
        document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static string[] Required(JsonDocument document, string name) =>
        Schema(document, name).TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => r.GetString()!).Order()] : [];

    [Fact]
    public async Task Required_IsWhatTheValidatorNeeds_InRequests()
    {
        using var document = await DocumentAsync();

        Assert.Equal(["host", "port"], Required(document, "ProbeRequest"));
        Assert.Equal(["port", "protocol"], Required(document, "ListenerRequest"));
        Assert.Equal(["payload"], Required(document, "ListenerSendRequest"));
        Assert.Equal(["port"], Required(document, "PathCheckRequest"));
        Assert.Equal(["rows"], Required(document, "PathMatrixRequest"));
        Assert.Equal(["name"], Required(document, "CreateAgentRequest"));
        Assert.Equal(["action", "name", "networks"], Required(document, "PolicyRuleModel"));
    }

    [Fact]
    public async Task Required_IsWhatTheServerAlwaysWrites_InAnswers()
    {
        using var document = await DocumentAsync();

        var probe = Required(document, "ProbeResult");
        Assert.Contains("address", probe);
        Assert.Contains("rttMs", probe);
        Assert.DoesNotContain("service", probe);
        Assert.DoesNotContain("id", probe);
        Assert.DoesNotContain("from", probe);
        var listener = Required(document, "ListenerInfo");
        Assert.Contains("stoppedReason", listener);
        Assert.DoesNotContain("from", listener);
        Assert.Equal(Schema(document, "ScanStatus").GetProperty("properties").EnumerateObject().Count() - Required(document, "ScanStatus").Length,
            typeof(Dashboard.Contracts.Scan.ScanStatus).GetProperties().Count(p => p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true).Length > 0));
    }

    [Fact]
    public async Task Bounds_FollowTheSettings_AndTheValidatorRefusesJustPastThem()
    {
        using var document = await DocumentAsync();
        using var http = host.Host.Http();
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);

        var timeout = Schema(document, "ProbeRequest").GetProperty("properties").GetProperty("timeoutMs");
        var count = Schema(document, "UdpSendRequest").GetProperty("properties").GetProperty("count");
        var port = Schema(document, "ProbeRequest").GetProperty("properties").GetProperty("port");
        Assert.Equal((1, ProbeMaxTimeoutMs), (timeout.GetProperty("minimum").GetInt32(), timeout.GetProperty("maximum").GetInt32()));
        Assert.Equal((1, UdpMaxCount), (count.GetProperty("minimum").GetInt32(), count.GetProperty("maximum").GetInt32()));
        Assert.Equal((1, 65_535), (port.GetProperty("minimum").GetInt32(), port.GetProperty("maximum").GetInt32()));

        using var atTimeout = await http.PostJsonAsync("api/probe", $$"""{"host":"127.0.0.1","port":{{closed.Ports[0]}},"timeoutMs":{{ProbeMaxTimeoutMs}}}""", Token);
        using var pastTimeout = await http.PostJsonAsync("api/probe", $$"""{"host":"127.0.0.1","port":{{closed.Ports[0]}},"timeoutMs":{{ProbeMaxTimeoutMs + 1}}}""", Token);
        using var pastCount = await http.PostJsonAsync("api/udp", $$"""{"host":"127.0.0.1","port":{{closed.Ports[0]}},"payload":"x","count":{{UdpMaxCount + 1}}}""", Token);
        Assert.Equal(HttpStatusCode.OK, atTimeout.StatusCode);
        Assert.Equal("timeoutMs", (await pastTimeout.ProblemAsync(Token)).Field);
        Assert.Equal("count", (await pastCount.ProblemAsync(Token)).Field);
    }

    [Fact]
    public async Task QueryBounds_AndClosedSets_AreTheValidators()
    {
        using var document = await DocumentAsync();
        using var http = host.Host.Http();
        var paths = document.RootElement.GetProperty("paths");
        JsonElement Parameter(string path, string name) =>
            paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("schema");

        var pageSize = Parameter("/api/history", "pageSize");
        var formats = Parameter("/api/scans/{scanId}/results.{format}", "format").GetProperty("enum").EnumerateArray().Select(f => f.GetString()).Order();
        var kinds = Parameter("/api/history", "kind").GetProperty("enum").EnumerateArray().Select(f => f.GetString());
        Assert.Equal(HistoryService.MaxPageSize, pageSize.GetProperty("maximum").GetInt32());
        Assert.Equal(["csv", "gnmap", "json", "xml"], formats);
        Assert.Equal(HistoryKinds.All, kinds);
        var matrix = paths.GetProperty("/api/paths/matrix").GetProperty("post").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal(["application/json", "application/xml"], matrix.EnumerateObject().Select(c => c.Name).Order());

        using var atMost = await http.GetAsync($"api/history?pageSize={HistoryService.MaxPageSize}", Token);
        using var past = await http.GetAsync($"api/history?pageSize={HistoryService.MaxPageSize + 1}", Token);
        Assert.Equal(HttpStatusCode.OK, atMost.StatusCode);
        Assert.Equal("pageSize", (await past.ProblemAsync(Token)).Field);
    }
}
