using System.Net;
using System.Text.RegularExpressions;

namespace Dashboard.Web.Tests.Hosting;

public sealed partial class SecurityHeadersTests(DashboardHost dashboard) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/api/listeners")]
    [InlineData("/healthz")]
    [InlineData("/api/docs/")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var http = dashboard.Http();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotMatch("script-src[^;]*unsafe-inline", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/docs/")]
    public async Task InlineScripts_CarryThisResponsesNonce_AndNoOther(string path)
    {
        using var http = dashboard.Http();

        using var first = await http.GetAsync(new Uri(path, UriKind.Relative), Token);
        using var second = await http.GetAsync(new Uri(path, UriKind.Relative), Token);

        var nonce = ScriptNonce().Match(Header(first, "Content-Security-Policy")).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.NotEqual(nonce, ScriptNonce().Match(Header(second, "Content-Security-Policy")).Groups[1].Value);
        var html = await first.Content.ReadAsStringAsync(Token);
        var inline = InlineScript().Matches(html);
        Assert.NotEmpty(inline);
        Assert.All(inline, script => Assert.True(script.Value.Contains($"nonce=\"{nonce}\"", StringComparison.Ordinal), $"{script.Value} lacks {nonce}"));
    }

    [Fact]
    public async Task Cookies_AreSameSite_AndSecureBehindATlsProxy()
    {
        // The sign-in page: anonymous, and its form sets the antiforgery cookie.
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = dashboard.BaseAddress };
        using var plain = await http.GetAsync(new Uri("/account/login", UriKind.Relative), Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        // A reverse proxy on loopback (trusted by default) that terminated TLS.
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "127.0.0.7"); // the browser behind the proxy: only a header, no traffic
        using var proxied = await http.SendAsync(request, Token);

        var plainCookie = Assert.Single(plain.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var proxiedCookie = Assert.Single(proxied.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("samesite=strict", plainCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", plainCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", proxiedCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", proxiedCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Start_KnownProxyThatIsNoAddress_StopsWithAMessageNamingTheSetting()
    {
        using var bad = DashboardHost.With(new() { ["Security:KnownProxies:0"] = "proxy.example.org" });

        var error = Assert.ThrowsAny<Exception>(() => bad.BaseAddress);

        Assert.Contains("Security:KnownProxies: 'proxy.example.org' is neither an address nor a network", error.ToString(), StringComparison.Ordinal);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"no {name} header on {response.RequestMessage?.RequestUri}");

    [GeneratedRegex("script-src [^;]*'nonce-([^']+)'")]
    private static partial Regex ScriptNonce();

    /// <summary>A script element without a src: its code is inline.</summary>
    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();
}
