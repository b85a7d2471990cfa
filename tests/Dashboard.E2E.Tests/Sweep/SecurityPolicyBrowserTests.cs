using System.Net.Http.Json;
using System.Text;
using Dashboard.Contracts.Listeners;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Sweep;

/// <summary>
/// Every page works under the Content-Security-Policy: Blazor's circuit, MudBlazor and the Scalar
/// API reference, with nothing blocked, nothing failing and nothing fetched from elsewhere.
/// </summary>
public sealed class SecurityPolicyBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryPage_RunsUnderTheContentSecurityPolicy_WithoutViolationsOrFailedScripts()
    {
        var listenerId = await CreateListenerAsync(session.Dashboard);
        await using var context = await NewContextAsync(session.Dashboard.BaseAddress);
        var problems = await PageProblems.WatchAsync(context);
        string[] pages = ["", "probe", "scan", "udp", "listeners", $"listeners/{listenerId}", "account", "admin/users", "no/such/page"];

        foreach (var path in pages)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(path);
            await BrowserSession.WaitInteractiveAsync(page);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.CloseAsync();
        }

        var docs = await context.NewPageAsync();
        IResponse? response = null;
        // The reference is drawn from the OpenAPI document it fetches: wait for that, not for one entry of its menu.
        var document = await docs.RunAndWaitForResponseAsync(async () => response = await docs.GotoAsync("api/docs"),
            r => r.Url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        await Assertions.Expect(docs.GetByText("Socket Dashboard API").First).ToBeVisibleAsync();
        Assert.Equal(200, document.Status);
        await docs.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await docs.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("api-docs.png") });

        Assert.Contains("'nonce-", await response!.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        Assert.True(problems.All.Count == 0, string.Join("\n", problems.All));
    }

    [Fact]
    public async Task NotFoundPage_ShowsInTheLayout_LightAndDark()
    {
        foreach (var theme in new[] { "light", "dark" })
        {
            await using var context = await NewContextAsync(session.Dashboard.BaseAddress, theme);
            var problems = await PageProblems.WatchAsync(context);
            var page = await context.NewPageAsync();

            var response = await page.GotoAsync("no/such/page");
            await BrowserSession.WaitInteractiveAsync(page);

            Assert.Equal(404, response!.Status);
            await Assertions.Expect(page.GetByTestId("not-found")).ToContainTextAsync("There is no page at /no/such/page");
            await Assertions.Expect(page.Locator(".mud-appbar")).ToContainTextAsync("Socket Dashboard");
            await Assertions.Expect(page.Locator(".mud-navmenu")).ToContainTextAsync("Listeners");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"/tmp/socket-dashboard-404-{theme}.png" });
            Assert.True(problems.All.Count == 0, string.Join("\n", problems.All));
        }
    }

    [Fact]
    public async Task ErrorPage_InProduction_ShowsInTheLayout_WithoutDetails()
    {
        using var production = DashboardHost.With([], builder =>
        {
            builder.UseEnvironment("Production");
            ThrowingEndpoint.Add(builder);
        });
        await using var context = await NewContextAsync(production.BaseAddress);
        var problems = await PageProblems.WatchAsync(context);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(ThrowingEndpoint.Path.TrimStart('/'));

        Assert.Equal(500, response!.Status);
        await Assertions.Expect(page.GetByTestId("error-message")).ToContainTextAsync("could not finish this request");
        await Assertions.Expect(page.Locator(".mud-appbar")).ToContainTextAsync("Socket Dashboard");
        Assert.DoesNotContain(ThrowingEndpoint.Secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/socket-dashboard-error-light.png" });
        // The 500 itself is reported as a failed load, like the 404 above; nothing else may be.
        Assert.All(problems.All, p => Assert.Contains("status of 500", p, StringComparison.Ordinal));
    }

    /// <summary>A desktop-sized context whose theme cookie is set, as if the user had chosen <paramref name="theme"/>.</summary>
    private async Task<IBrowserContext> NewContextAsync(Uri baseAddress, string theme = "light")
    {
        var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        await context.AddCookiesAsync([new Cookie { Name = "sd-theme", Value = theme, Url = baseAddress.ToString() }]);
        // The sign-in page itself is swept too: it is where every visit starts.
        var signIn = await context.NewPageAsync();
        await BrowserSession.SignInAsync(signIn, DashboardHost.AdminName, DashboardHost.AdminPassword);
        await signIn.CloseAsync();
        return context;
    }

    private static async Task<string> CreateListenerAsync(DashboardHost dashboard)
    {
        using var http = dashboard.Http();
        using var body = new StringContent("{\"protocol\":\"tcp\",\"bindAddress\":\"127.0.0.1\",\"port\":0,\"ttlSeconds\":120}", Encoding.UTF8, "application/json");
        using var created = await http.PostAsync(new Uri("api/listeners", UriKind.Relative), body, Token);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<ListenerInfo>(Token))!.Id;
    }
}
