using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Probe;

/// <summary>After an open port, the probe page traces to it, says what answers on it and checks its TLS, in place.</summary>
public sealed class DeeperLookBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task OpenPort_TraceIdentifyAndTls_AnswerOnTheProbePage_EachWithItsStoredLink()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var banners = SpeakFirstAsync(server, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", stop.Token);
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
        await stop.CancelAsync();
        server.Stop();
        await banners;
    }

    // A server that speaks first, as sshd does, to every connection.
    private static async Task SpeakFirstAsync(TcpListener server, string banner, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var client = await server.AcceptSocketAsync(cancellationToken);
                await client.SendAsync(Encoding.ASCII.GetBytes(banner), SocketFlags.None, cancellationToken);
                client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
