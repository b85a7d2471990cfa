using System.Globalization;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Tls;

public sealed class TlsPageBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(1440, "light")]
    [InlineData(360, "dark")]
    public async Task Check_LabServer_ShowsTheChainAsCards_AndWhyItDoesNotValidate(int width, string theme)
    {
        using var lab = new TlsLab();
        var port = await lab.ServeAsync("leaf", "inter");
        var page = await session.OpenAsync("tls", width);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light });

        await page.Locator("#tls-host").FillAsync("127.0.0.1");
        await page.Locator("#tls-port").FillAsync(port.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#tls-sni").FillAsync("www.test");
        await page.Locator("#tls-submit").ClickAsync();

        // This dashboard trusts only the system's store: the lab's root is not in it, and the page says so.
        await Assertions.Expect(page.GetByTestId("tls-state")).ToHaveAttributeAsync("data-state", "invalid");
        await Assertions.Expect(page.GetByTestId("tls-chain-verdict")).ToHaveTextAsync("untrusted-root");
        await Assertions.Expect(page.GetByTestId("tls-certificate")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("tls-certificate").First).ToContainTextAsync("CN=www.test,O=Socket Dashboard Tests");
        await Assertions.Expect(page.GetByTestId("tls-sni")).ToHaveTextAsync("www.test");
        await Assertions.Expect(page.GetByTestId("tls-message")).ToContainTextAsync("untrusted root: the issuer of CN=Lab Intermediate CA");
        await Assertions.Expect(page.GetByTestId("tls-link")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath($"tls-{width}-{theme}.png"), FullPage = true });
    }
}
