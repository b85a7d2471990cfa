using System.Globalization;
using System.Net;
using System.Text;
using Dashboard.Web.Components.Support;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Udp;

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
    public async Task Send_60000BytesAsTextThenAsHex_BothArriveIntactAndTheCircuitStaysUp()
    {
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        var text = new string('A', 60_000);
        var bytes = Enumerable.Range(0, 60_000).Select(i => (byte)(i * 7)).ToArray();
        var page = await OpenAtAsync(echo);

        await page.Locator("#payload-input").FillAsync(text);
        await SendAndExpectEchoAsync(page, 1);
        await Assertions.Expect(page.GetByTestId("udp-sent")).ToHaveTextAsync("1 datagram(s), 60,000 bytes");
        await page.GetByTestId("payload-encoding").GetByText("hex").ClickAsync();
        await page.Locator("#payload-input").FillAsync(string.Join(' ', bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))));
        await SendAndExpectEchoAsync(page, 2);
        await Assertions.Expect(page.GetByTestId("udp-reply")).ToContainTextAsync("60000 bytes (first ones kept)");

        Assert.Equal([Encoding.ASCII.GetBytes(text), bytes], echo.Received);
        Assert.Empty(await BrowserSession.CircuitStatesAsync(page));
    }

    [Fact]
    public async Task Send_PayloadOverTheIPv4Limit_IsRefusedBesideTheFieldAndNothingLeaves()
    {
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        var page = await OpenAtAsync(echo, width: 1440);

        await page.Locator("#payload-input").FillAsync(new string('A', 65_508));
        await page.Locator("#udp-send").ClickAsync();

        var count = page.GetByTestId("payload-bytes");
        await Assertions.Expect(count).ToHaveTextAsync("65,508 bytes");
        await Assertions.Expect(count).ToHaveAttributeAsync("data-over-limit", "true");
        await Assertions.Expect(page.GetByTestId("payload-problem")).ToHaveTextAsync("Payload is 65,508 bytes; a UDP datagram over IPv4 carries at most 65,507");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("udp-over-limit-light.png") });

        // One byte less goes: the only datagram the peer gets is this one, so the refused click sent nothing.
        await page.Locator("#payload-input").PressAsync("Backspace");
        await Assertions.Expect(count).ToHaveAttributeAsync("data-over-limit", "false");
        await SendAndExpectEchoAsync(page, 1);
        Assert.Equal(65_507, Assert.Single(echo.Received).Length);
    }

    [Fact]
    public async Task PayloadField_PastedFullOfWhatJsonEscapes_KeepsTheCircuitAndSaysItIsFull()
    {
        var page = await session.OpenAsync("udp");

        // The browser keeps the field's 196,608 characters; JSON writes each as six bytes, twice an event.
        await page.Locator("#payload-input").FillAsync(new string('\u0001', FieldLimits.Payload + 1_000));

        await Assertions.Expect(page.GetByTestId("payload-problem")).ToContainTextAsync("Payload: the field is full (196,608 characters");
        await Assertions.Expect(page.GetByTestId("payload-bytes")).ToHaveTextAsync("196,608 bytes");
        Assert.Empty(await BrowserSession.CircuitStatesAsync(page));
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

    private async Task<IPage> OpenAtAsync(UdpPeer peer, int width = 1280)
    {
        var page = await session.OpenAsync("udp", width);
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
