using System.Globalization;
using System.Net;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Probe;

public sealed class ProbePageBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Probe_OpenThenClosedPort_ShowsOpenOkThenEconnrefused()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        var closedPort = closed.Ports[0];
        var page = await session.OpenAsync();

        await page.Locator("#probe-host").FillAsync("127.0.0.1");
        await page.Locator("#probe-port").FillAsync(Text(listener.Port));
        await GiveTheServerTimeAsync(page);
        await page.Locator("#probe-submit").ClickAsync();

        var card = page.GetByTestId("probe-result");
        await Assertions.Expect(card.GetByTestId("probe-state")).ToHaveAttributeAsync("data-state", "open");
        await Assertions.Expect(card.GetByTestId("probe-code")).ToHaveTextAsync("0 OK");
        await Assertions.Expect(card.GetByTestId("probe-remote")).ToHaveTextAsync($"127.0.0.1:{listener.Port}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("probe-open-light.png"), FullPage = true });

        await page.Locator("#probe-port").FillAsync(Text(closedPort));
        await page.Locator("#probe-port").PressAsync("Enter");

        await Assertions.Expect(card.GetByTestId("probe-code")).ToHaveTextAsync("111 ECONNREFUSED");
        await Assertions.Expect(card.GetByTestId("probe-state")).ToHaveAttributeAsync("data-state", "closed");
        await Assertions.Expect(card.GetByTestId("probe-state")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-chip-color-error"));
        await Assertions.Expect(page.GetByTestId("recent-probe")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("probe-closed-light.png"), FullPage = true });
    }

    [Fact]
    public async Task Probe_BadPort_ShowsTheRuleAndProbesNothing()
    {
        var page = await session.OpenAsync();

        await page.Locator("#probe-host").FillAsync("127.0.0.1");
        await page.Locator("#probe-port").FillAsync("70000");
        await page.Locator("#probe-submit").ClickAsync();

        await Assertions.Expect(page.GetByText("port must be 1-65535, got 70000")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("probe-result")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ThemeToggle_IsRememberedAcrossReloads()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var page = await session.OpenAsync($"probe?host=127.0.0.1&port={listener.Port}");
        var light = await BackgroundOf(page);

        await page.Locator("#theme-toggle").ClickAsync();
        // Playwright's own matcher, not a page-side function: the page's CSP forbids evaluating strings.
        await Assertions.Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
        var dark = await BackgroundOf(page);
        await page.ReloadAsync();
        await BrowserSession.WaitInteractiveAsync(page);

        Assert.Equal(dark, await BackgroundOf(page));
        await GiveTheServerTimeAsync(page);
        await page.Locator("#probe-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("probe-result").GetByTestId("probe-code")).ToHaveTextAsync("0 OK");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("probe-open-dark.png"), FullPage = true });
    }

    // Loopback answers at once; the timeout is the server's clock, so a busy machine gets ten seconds
    // before a connect counts as timed out. It costs nothing when the port answers.
    private static Task GiveTheServerTimeAsync(IPage page) => page.Locator("#probe-timeout").FillAsync("10000");

    private static Task<string> BackgroundOf(IPage page) =>
        page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
}
