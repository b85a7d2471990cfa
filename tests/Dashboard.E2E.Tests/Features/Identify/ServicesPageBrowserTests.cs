using System.Globalization;
using System.Net;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Identify;

/// <summary>The Services page identifies several host:port at once, each result with its stored link and its reproduce commands.</summary>
public sealed class ServicesPageBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(1440, "light")]
    [InlineData(1440, "dark")]
    [InlineData(360, "light")]
    [InlineData(360, "dark")]
    public async Task Identify_SshAndSmtpAndAClosedPort_EachResultShowsWithItsLinkAndCommands(int width, string theme)
    {
        await using var ssh = new BannerServer("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
        await using var smtp = new BannerServer("220 mail.test ESMTP Exim 4.96 Sun, 06 Dec 2026 21:00:00 +0000\r\n");
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        var page = await session.OpenAsync("services", width);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light });

        await page.Locator("#services-targets").FillAsync($"127.0.0.1:{Text(ssh.Port)}\n127.0.0.1:{Text(smtp.Port)}\n127.0.0.1:{closed.Spec}");
        await page.Locator("#services-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("services-item")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("services-progress")).ToHaveTextAsync("3 of 3 done, 2 identified");
        var sshItem = page.Locator($"[data-testid=services-item][data-target='127.0.0.1:{Text(ssh.Port)}']");
        await Assertions.Expect(sshItem.GetByTestId("identify-service")).ToHaveTextAsync("ssh");
        await Assertions.Expect(sshItem.GetByTestId("identify-version")).ToHaveTextAsync("9.2p1");
        var smtpItem = page.Locator($"[data-testid=services-item][data-target='127.0.0.1:{Text(smtp.Port)}']");
        await Assertions.Expect(smtpItem.GetByTestId("identify-service")).ToHaveTextAsync("smtp");
        await Assertions.Expect(page.Locator($"[data-testid=services-item][data-target='127.0.0.1:{closed.Spec}']").GetByTestId("identify-state"))
            .ToHaveAttributeAsync("data-state", "closed");
        await sshItem.GetByTestId("reproduce").GetByText("Reproduce").ClickAsync();
        await Assertions.Expect(sshItem.GetByTestId("reproduce-command").First).ToContainTextAsync($"nmap -Pn -sT -sV -p {Text(ssh.Port)} '127.0.0.1'");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath($"services-{width}-{theme}.png"), FullPage = true });

        await sshItem.GetByTestId("services-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/services/[^/]+$"));
        await Assertions.Expect(page.GetByTestId("services-item")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("identify-service")).ToHaveTextAsync("ssh");
    }

    [Fact]
    public async Task Identify_ALineWithoutAPort_SaysWhichLineAndWhatIsAllowed()
    {
        var page = await session.OpenAsync("services");

        await page.Locator("#services-targets").FillAsync("127.0.0.1:22\nno-port-here");
        await page.Locator("#services-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("services-problem"))
            .ToHaveTextAsync("Targets: each item must be host:port ([v6]:port for IPv6) with a port 1-65535, got 'no-port-here'");
        await Assertions.Expect(page.GetByTestId("services-item")).ToHaveCountAsync(0);
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
