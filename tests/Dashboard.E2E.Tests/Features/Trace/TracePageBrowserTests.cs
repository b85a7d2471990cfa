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

    [Theory]
    [InlineData(1440, "light")]
    [InlineData(360, "dark")]
    public async Task UdpTrace_ToClosedLoopbackPort_SaysTheHostSaysPortUnreachable(int width, string theme)
    {
        int port;
        using (var taken = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram,
            System.Net.Sockets.ProtocolType.Udp))
        {
            taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        }

        var page = await session.OpenAsync("trace", width);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light });

        await page.Locator("#trace-host").FillAsync("127.0.0.1");
        await page.Locator("#trace-port").FillAsync(port.ToString(CultureInfo.InvariantCulture));
        await page.Locator(".mud-select", new PageLocatorOptions { Has = page.Locator("#trace-protocol") }).Last.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "UDP" }).ClickAsync();
        await page.Locator("#trace-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("trace-verdict")).ToHaveAttributeAsync("data-outcome", "refused");
        await Assertions.Expect(page.GetByTestId("trace-verdict")).ToContainTextAsync($"reached 127.0.0.1:{port} at hop 1, closed: the host says port unreachable");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath($"trace-udp-{width}-{theme}.png"), FullPage = true });
    }
}
