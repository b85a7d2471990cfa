using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Sweep;

/// <summary>
/// Every page of <see cref="UiPages.All"/>, in each theme and at desktop and phone width, with a result
/// shown: axe-core finds no violation of impact moderate or worse, and at phone width nothing is wider
/// than the viewport. One signed-in browser context per theme and width; screenshots of each page for docs/.
/// </summary>
public sealed class AccessibilitySweepTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    /// <summary>The narrowest phone the dashboard is held to; the phone is 390 px, this is stricter.</summary>
    public const int PhoneWidth = 360;

    public const int DesktopWidth = 1440;

    [Theory]
    [InlineData("light", DesktopWidth)]
    [InlineData("dark", DesktopWidth)]
    [InlineData("light", PhoneWidth)]
    [InlineData("dark", PhoneWidth)]
    public async Task EveryPage_WithAResultShown_HasNoAxeViolationsAndNoSidewaysScroll(string theme, int width)
    {
        using var world = new SweepWorld(session.Dashboard);
        var page = await session.NewSweepPageAsync(theme, width);
        var failures = new List<string>();

        foreach (var uiPage in UiPages.All)
        {
            await page.GotoAsync(uiPage.Path);
            if (!uiPage.Static)
            {
                await BrowserSession.WaitInteractiveAsync(page);
            }

            if (uiPage.Reach is not null)
            {
                await uiPage.Reach(page, world);
            }

            // Chips and cards fade in; axe reads colours as they are drawn, so let transitions end.
            await page.WaitForTimeoutAsync(400);
            foreach (var violation in await Axe.ViolationsAsync(page))
            {
                failures.Add($"{uiPage.Name} ({theme}, {width} px): {violation}");
            }

            if (width == PhoneWidth)
            {
                var (scroll, client) = await WidthsAsync(page);
                if (scroll > client)
                {
                    failures.Add($"{uiPage.Name} ({theme}, {width} px): the page is {scroll} px wide in a {client} px viewport: {await WidestAsync(page)}");
                }
            }

            var size = width == PhoneWidth ? "phone" : "desktop";
            if (Pictured(size, theme))
            {
                // From the top: a page scrolled by its last step would show the fixed app bar across its middle.
                await page.EvaluateAsync("() => window.scrollTo(0, 0)");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath($"{uiPage.Name}-{size}-{theme}.png"), FullPage = true });
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} problems:\n" + string.Join("\n", failures));
    }

    // docs/screenshots keeps two pictures of each page (the gallery in docs/pages.md), a plain run all four.
    private static bool Pictured(string size, string theme) =>
        Environment.GetEnvironmentVariable("DASHBOARD_SCREENSHOTS") != "docs" || (size, theme) is ("desktop", "light") or ("phone", "dark");

    private static async Task<(int Scroll, int Client)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        return (widths[0], widths[1]);
    }

    // Names the elements that stick out, so a failure says what to fix.
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
          const limit = document.documentElement.clientWidth;
          const out = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > limit + 1);
          const outer = out.filter(e => !out.includes(e.parentElement)).slice(0, 5);
          return outer.map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`).join(', ');
        }
        """);
}
