using System.Globalization;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Probe;

/// <summary>After an open port, the probe page traces to it, says what answers on it and checks its TLS, in place.</summary>
public sealed class DeeperLookBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task OpenPort_TraceIdentifyAndTls_AnswerOnTheProbePage_EachWithItsStoredLink()
    {
        await using var server = new BannerServer("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
        var port = server.Port;
        var page = await session.OpenAsync();

        await page.Locator("#probe-host").FillAsync("127.0.0.1");
        await page.Locator("#probe-port").FillAsync(port.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#probe-timeout").FillAsync("10000");
        await page.Locator("#probe-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("probe-result").GetByTestId("probe-state")).ToHaveAttributeAsync("data-state", "open");

        await page.Locator("#probe-identify").ClickAsync();
        await Assertions.Expect(page.GetByTestId("identify-service")).ToHaveTextAsync("ssh");
        await Assertions.Expect(page.GetByTestId("identify-product")).ToHaveTextAsync("OpenSSH");
        await page.Locator("#probe-trace").ClickAsync();
        await Assertions.Expect(page.GetByTestId("trace-verdict")).ToContainTextAsync($"reached 127.0.0.1:{port} at hop 1");
        await page.Locator("#probe-tls").ClickAsync();
        await Assertions.Expect(page.GetByTestId("tls-state")).Not.ToHaveAttributeAsync("data-state", "valid");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("probe-deeper-light.png"), FullPage = true });

        await page.GetByTestId("probe-identify-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("identify-service")).ToHaveTextAsync("ssh");
    }
}
