using System.Globalization;
using System.Net;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Identify;

/// <summary>A finished scan's open ports are identified from the scan page; each service lands in its row.</summary>
public sealed class ScanIdentifyBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task FinishedScan_IdentifyOpenPorts_NamesEachServiceInItsRow()
    {
        await using var ssh = new BannerServer("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
        await using var smtp = new BannerServer("220 mail.test ESMTP Exim 4.96 Sun, 06 Dec 2026 21:00:00 +0000\r\n");
        using var closed = new ClosedPorts(IPAddress.Loopback, 5);
        var page = await session.OpenAsync("scan");
        await page.Locator("#scan-targets").FillAsync("127.0.0.1");
        await page.Locator("#scan-ports").FillAsync($"{closed.Spec},{Text(ssh.Port)},{Text(smtp.Port)}");
        await page.Locator("#scan-timeout").FillAsync("10000");
        await page.Locator("#scan-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("scan-percent")).ToHaveTextAsync("100 %");
        await Assertions.Expect(page.GetByTestId("scan-identified")).ToHaveCountAsync(0);

        await page.Locator("#scan-identify").ClickAsync();

        await Assertions.Expect(page.GetByTestId("scan-identify-progress")).ToHaveTextAsync("Identified: 2 of 2 open ports done, 2 named");
        await Assertions.Expect(page.Locator($"[data-testid=scan-row][data-port='{Text(ssh.Port)}'] [data-testid=scan-identified]")).ToHaveTextAsync("ssh · OpenSSH 9.2p1");
        await Assertions.Expect(page.Locator($"[data-testid=scan-row][data-port='{Text(smtp.Port)}'] [data-testid=scan-identified]")).ToContainTextAsync("smtp");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("scan-identify-light.png"), FullPage = true });
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
