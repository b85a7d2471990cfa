using System.Globalization;
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
        var page = await OpenAtAsync(echo);

        // Not the page's default "Hello World!": the count below then proves the fill reached the server.
        await page.Locator("#payload-input").FillAsync("Hello, World!");
        await Assertions.Expect(page.GetByTestId("payload-bytes")).ToHaveTextAsync("13 bytes");
        await page.Locator("#udp-send").ClickAsync();

        await Assertions.Expect(page.GetByTestId("udp-state")).ToHaveAttributeAsync("data-state", "replied");
        await Assertions.Expect(page.GetByTestId("udp-reply-text")).ToHaveTextAsync("Hello, World!");
        Assert.Equal("Hello, World!"u8.ToArray(), Assert.Single(echo.Received));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("udp-light.png"), FullPage = true });
    }

    [Fact]
    public async Task Send_ToClosedPort_ShowsRefused()
    {
        var page = await session.OpenAsync("udp");

        await FillTargetAsync(page, UdpPeer.FreePort(IPAddress.Loopback));
        await page.Locator("#udp-send").ClickAsync();

        await Assertions.Expect(page.GetByTestId("udp-state")).ToHaveAttributeAsync("data-state", "refused");
        await Assertions.Expect(page.GetByTestId("udp-code")).ToHaveTextAsync("111 ECONNREFUSED");
    }

    [Fact]
    public async Task Send_AfterTheConnectionDroppedWhileEditing_SendsThePayloadTheFieldShows()
    {
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        var page = await OpenAtAsync(echo);
        await page.Locator("#payload-input").FillAsync("before the drop");
        await Assertions.Expect(page.GetByTestId("payload-bytes")).ToHaveTextAsync("15 bytes");

        // The connection goes down and the edit made meanwhile never reaches the server.
        await page.EvaluateAsync("""
            async () => {
                await Blazor._internal.forceCloseConnection();
                const field = document.getElementById("payload-input");
                field.value = "edited while the circuit was down";
                field.dispatchEvent(new Event("input", { bubbles: true }));
            }
            """);

        // Once reconnected, the page sends the fields again: the count is the server's, of the new text.
        await Assertions.Expect(page.GetByTestId("payload-bytes")).ToHaveTextAsync("33 bytes");
        await SendAndExpectEchoAsync(page, 1);
        Assert.Equal("edited while the circuit was down"u8.ToArray(), Assert.Single(echo.Received));
        Assert.Equal(["show", "hide"], (await BrowserSession.CircuitStatesAsync(page)).Where(s => s is "show" or "hide"));
    }

    private async Task<IPage> OpenAtAsync(UdpPeer peer)
    {
        var page = await session.OpenAsync("udp");
        await FillTargetAsync(page, peer.Port);
        return page;
    }

    // The reply window is the server's clock, not the test's: ten seconds, so a busy machine cannot
    // turn an echo into no-reply. It costs nothing otherwise: listening stops at the reply or refusal.
    private static async Task FillTargetAsync(IPage page, int port)
    {
        await page.Locator("#udp-host").FillAsync("127.0.0.1");
        await page.Locator("#udp-port").FillAsync(port.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#udp-wait").FillAsync("10000");
    }

    // The recent sends count first: the card of an earlier send may already say replied.
    private static async Task SendAndExpectEchoAsync(IPage page, int sendsSoFar)
    {
        await page.Locator("#udp-send").ClickAsync();
        await Assertions.Expect(page.GetByTestId("udp-recent-row")).ToHaveCountAsync(sendsSoFar);
        await Assertions.Expect(page.GetByTestId("udp-state")).ToHaveAttributeAsync("data-state", "replied");
    }
}
