using System.Net;
using Dashboard.E2E.Tests.Support;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests;

public sealed class UdpPageBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Send_HelloWorldToEchoServer_ShowsRepliedAndThePayload()
    {
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        var page = await session.OpenAsync("udp");

        await page.Locator("#udp-host").FillAsync("127.0.0.1");
        await page.Locator("#udp-port").FillAsync(echo.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#payload-input").FillAsync("Hello World!");
        await Assertions.Expect(page.GetByTestId("payload-bytes")).ToHaveTextAsync("12 bytes");
        await page.Locator("#udp-send").ClickAsync();

        await Assertions.Expect(page.GetByTestId("udp-state")).ToHaveAttributeAsync("data-state", "replied");
        await Assertions.Expect(page.GetByTestId("udp-reply-text")).ToHaveTextAsync("Hello World!");
        Assert.Equal("Hello World!"u8.ToArray(), Assert.Single(echo.Received));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("udp-light.png"), FullPage = true });
    }

    [Fact]
    public async Task Send_ToClosedPort_ShowsRefused()
    {
        var page = await session.OpenAsync("udp");

        await page.Locator("#udp-host").FillAsync("127.0.0.1");
        await page.Locator("#udp-port").FillAsync(UdpPeer.FreePort(IPAddress.Loopback).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#udp-send").ClickAsync();

        await Assertions.Expect(page.GetByTestId("udp-state")).ToHaveAttributeAsync("data-state", "refused");
        await Assertions.Expect(page.GetByTestId("udp-code")).ToHaveTextAsync("111 ECONNREFUSED");
    }
}
