using System.Net;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>DNS rebinding: a request naming a host the dashboard was not told about is turned away before anything runs.</summary>
public sealed class HostNameTests(DashboardHost dashboard) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5000")]
    [InlineData("localhost.evil.example")]
    [InlineData("127.0.0.1.nip.example")]
    public async Task ForeignHost_OnLoopback_Gets400WithAShortPlainMessage(string host)
    {
        using var response = await GetAsync(dashboard, host, "/");

        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("does not answer to that host name", body, StringComparison.Ordinal);
        Assert.True(body.Length < 200, body);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForeignHost_IsRefusedOnTheHubToo()
    {
        using var response = await GetAsync(dashboard, "evil.example", "/hubs/probe/negotiate?negotiateVersion=1", HttpMethod.Post);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:5000")]
    [InlineData("LOCALHOST:1")]
    [InlineData("dashboard.localhost:8080")]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10:80")]
    [InlineData("[::1]")]
    [InlineData("[::1]:5000")]
    public async Task LoopbackHost_IsAnswered(string host)
    {
        using var response = await GetAsync(dashboard, host, "/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ConfiguredAllowedHosts_AreAnsweredBesideLoopback_AndNothingElse()
    {
        using var exposed = DashboardHost.With(new() { ["AllowedHosts"] = "dash.example.org;*.tools.example.org" });

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(exposed, "dash.example.org"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(exposed, "status.tools.example.org:443"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(exposed, "127.0.0.1"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(exposed, "tools.example.org"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(exposed, "evil.example"));
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("localhost.", true)]
    [InlineData("a.b.localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.255.255.254", true)]
    [InlineData("[::1]", true)]
    [InlineData("localhost.example", false)]
    [InlineData("notlocalhost", false)]
    [InlineData("128.0.0.1", false)]
    [InlineData("[::2]", false)]
    [InlineData("0.0.0.0", false)]
    public void IsLoopback_KnowsTheLoopbackNamesAndAddresses(string host, bool expected) =>
        Assert.Equal(expected, AllowedHostNames.IsLoopback(host));

    private static async Task<HttpStatusCode> StatusAsync(DashboardHost host, string hostHeader)
    {
        using var response = await GetAsync(host, hostHeader, "/healthz");
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> GetAsync(DashboardHost host, string hostHeader, string path, HttpMethod? method = null)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path.TrimStart('/'));
        request.Headers.Host = hostHeader;
        return await http.SendAsync(request, Token);
    }
}
