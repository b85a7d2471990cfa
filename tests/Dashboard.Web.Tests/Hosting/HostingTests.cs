using System.Net;

namespace Dashboard.Web.Tests.Hosting;

public sealed class HostingTests(DashboardHost dashboard) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_WhenReady_Answers200()
    {
        using var http = dashboard.Http(token: "");

        using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Token));
    }

    [Fact]
    public async Task SignInPage_IsServedWithTheStylesheetsItNeeds()
    {
        using var http = dashboard.Http(token: "");

        var html = await http.GetStringAsync(new Uri("account/login", UriKind.Relative), Token);

        Assert.Contains("Sign in", html, StringComparison.Ordinal);
        foreach (var asset in new[] { "_content/MudBlazor/MudBlazor.min", "css/app", "js/theme", "_framework/blazor.web" })
        {
            var start = html.IndexOf(asset, StringComparison.Ordinal);
            Assert.True(start > 0, $"{asset} is not linked");
            var path = html[start..html.IndexOf('"', start)];
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public void Start_InvalidOptions_StopsWithAMessageNamingTheSetting()
    {
        using var bad = DashboardHost.With(new() { ["Sockets:Probe:DefaultTimeoutMs"] = "60000", ["Sockets:Probe:MaxTimeoutMs"] = "1000" });

        var error = Assert.ThrowsAny<Exception>(() => bad.BaseAddress);

        Assert.Contains("DefaultTimeoutMs must not exceed MaxTimeoutMs", error.ToString(), StringComparison.Ordinal);
    }
}
