using System.Globalization;
using System.Net;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Trace;

public sealed class TracePageBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Trace_ToLoopbackListener_ShowsTheHopAndTheVerdict_AndTheStoredPageShowsTheSame()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var page = await session.OpenAsync("trace");

        await page.Locator("#trace-host").FillAsync("127.0.0.1");
        await page.Locator("#trace-port").FillAsync(listener.Port.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#trace-submit").ClickAsync();

        var verdict = $"reached 127.0.0.1:{listener.Port} at hop 1, open: the host accepted the connection";
        await Assertions.Expect(page.GetByTestId("trace-verdict")).ToHaveAttributeAsync("data-outcome", "open");
        await Assertions.Expect(page.GetByTestId("trace-verdict")).ToContainTextAsync(verdict);
        await Assertions.Expect(page.GetByTestId("trace-hop")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("trace-light.png"), FullPage = true });

        await page.GetByTestId("trace-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("stored-header")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("trace-verdict")).ToContainTextAsync(verdict);
    }
}
