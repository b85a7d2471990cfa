using System.Net;
using System.Net.WebSockets;
using Dashboard.Contracts;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>A page of another site must not reach the hub, the circuit or the API's writes through a visitor's browser.</summary>
public sealed class CrossSiteTests(DashboardHost dashboard) : IClassFixture<DashboardHost>
{
    private const string Foreign = "http://evil.example";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Site => dashboard.BaseAddress.GetLeftPart(UriPartial.Authority);

    [Theory]
    [InlineData(ProbeHubRoutes.Path)]
    [InlineData("/_blazor")]
    public async Task WebSocket_ForeignOrigin_IsRefused403(string path)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", Foreign);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUri(path), Token));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task WebSocket_SameOrigin_Opens()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", Site);
        socket.Options.SetRequestHeader("Authorization", $"Bearer {dashboard.AdminToken}");

        await socket.ConnectAsync(WebSocketUri(ProbeHubRoutes.Path), Token);

        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Token);
    }

    [Theory]
    [InlineData(ProbeHubRoutes.Path)]
    [InlineData("/_blazor")]
    public async Task Negotiate_ForeignOrigin_IsRefused403WithAPlainReason(string path)
    {
        using var http = dashboard.Http();

        using var response = await http.SendAsync(Negotiate(path, Foreign), Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("another site", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProbeHubRoutes.Path, true)]
    [InlineData("/_blazor", true)]
    [InlineData(ProbeHubRoutes.Path, false)]
    [InlineData("/_blazor", false)]
    public async Task Negotiate_SameOriginOrNoOrigin_Succeeds(string path, bool sameOrigin)
    {
        using var http = dashboard.Http();

        using var response = await http.SendAsync(Negotiate(path, sameOrigin ? Site : null), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("connectionToken", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "api/probe")]
    [InlineData("DELETE", "api/listeners/0123456789ab")]
    public async Task ApiWrite_ForeignOrigin_IsRefused403(string method, string path)
    {
        using var http = dashboard.Http();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Origin", Foreign);
        request.Content = new StringContent("{\"host\":\"127.0.0.1\",\"port\":1}", System.Text.Encoding.UTF8, "application/json");

        using var response = await http.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ApiRead_ForeignOrigin_IsAnsweredWithoutCorsHeaders()
    {
        using var http = dashboard.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/listeners");
        request.Headers.Add("Origin", Foreign);

        using var response = await http.SendAsync(request, Token);

        // Reads change nothing, and without CORS headers the foreign page cannot see the answer.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Negotiate_ConfiguredAllowedOrigin_SucceedsWithCors()
    {
        using var tools = DashboardHost.With(new() { ["Security:AllowedOrigins:0"] = "https://tools.example.org" });
        using var http = tools.Http();

        using var allowed = await http.SendAsync(Negotiate(ProbeHubRoutes.Path, "https://tools.example.org"), Token);
        using var other = await http.SendAsync(Negotiate(ProbeHubRoutes.Path, "https://tools.example.org:8443"), Token);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("https://tools.example.org", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public void Start_AllowedOriginWithAPath_StopsWithAMessageNamingTheSetting()
    {
        using var bad = DashboardHost.With(new() { ["Security:AllowedOrigins:0"] = "https://tools.example.org/app" });

        var error = Assert.ThrowsAny<Exception>(() => bad.BaseAddress);

        Assert.Contains("Security:AllowedOrigins: 'https://tools.example.org/app' is not an origin", error.ToString(), StringComparison.Ordinal);
    }

    private Uri WebSocketUri(string path) => new UriBuilder(new Uri(dashboard.BaseAddress, path.TrimStart('/'))) { Scheme = "ws" }.Uri;

    private static HttpRequestMessage Negotiate(string path, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{path.TrimStart('/')}/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }
}
