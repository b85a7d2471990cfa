using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Access;

/// <summary>
/// A link never acts for whoever opens it: old links with <c>run=1</c>, opened signed out and returned to after
/// signing in, only fill in the form. Each test then presses the button once itself (count 1), so anything the
/// link had sent by itself arrives before that and shows in the counts.
/// </summary>
public sealed partial class SharedLinkBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task UdpLinkWithRun_OpenedSignedOut_FillsTheFormAfterSignIn_AndSendsNothingUntilSend()
    {
        using var peer = new UdpPeer(IPAddress.Loopback, echo: false);
        var page = await SignInThroughAsync($"udp?host=127.0.0.1&port={Text(peer.Port)}&payload=from-the-link&count=5&intervalMs=0&run=1");

        await Assertions.Expect(page.GetByTestId("udp-link-note")).ToContainTextAsync("Nothing was sent");
        await Assertions.Expect(page.Locator("#udp-host")).ToHaveValueAsync("127.0.0.1");
        await Assertions.Expect(page.Locator("#udp-count")).ToHaveValueAsync("5");
        await page.Locator("#udp-count").FillAsync("1");
        await page.Locator("#udp-wait").FillAsync("200");
        await page.Locator("#udp-send").ClickAsync();

        await Assertions.Expect(page.GetByTestId("udp-sent")).ToContainTextAsync("1 datagram(s)");
        await Assertions.Expect(page.GetByTestId("udp-recent-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("udp-link-note")).ToHaveCountAsync(0);
        Assert.Equal(["from-the-link"], await ReceivedAsync(peer, 1));
        // The link for a teammate is the stored send, not one that sends again.
        Assert.Matches(StoredUdpLink(), await LinkAsync(page, "udp-link"));
    }

    [Fact]
    public async Task ProbeLinkWithRun_OpenedSignedOut_FillsTheFormAfterSignIn_AndProbesNothingUntilProbe()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var page = await SignInThroughAsync($"probe?host=127.0.0.1&port={Text(listener.Port)}&timeoutMs=10000&run=1");

        await Assertions.Expect(page.GetByTestId("probe-link-note")).ToContainTextAsync("Nothing was probed");
        await Assertions.Expect(page.Locator("#probe-port")).ToHaveValueAsync(Text(listener.Port));
        // Another timeout than the link's: the result shown must answer the press, and be the only one.
        await page.Locator("#probe-timeout").FillAsync("9000");
        await page.Locator("#probe-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("probe-asked")).ToContainTextAsync("timeout 9000 ms");
        await Assertions.Expect(page.GetByTestId("probe-result").GetByTestId("probe-state")).ToHaveAttributeAsync("data-state", "open");
        await Assertions.Expect(page.GetByTestId("recent-probe")).ToHaveCountAsync(1);
        var link = await LinkAsync(page, "probe-link");
        Assert.Matches(StoredProbeLink(), link);

        // The teammate who opens it sees the stored result; nothing is probed again.
        var teammate = await session.OpenAsync(new Uri(link).PathAndQuery.TrimStart('/'));
        await Assertions.Expect(teammate.GetByTestId("probe-result").GetByTestId("probe-state")).ToHaveAttributeAsync("data-state", "open");
        await Assertions.Expect(teammate.GetByTestId("probe-target")).ToHaveTextAsync($"127.0.0.1:{Text(listener.Port)}");
    }

    private async Task<IPage> SignInThroughAsync(string link)
    {
        var page = await session.NewPageAsync();
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        await page.Locator("#signin-user").FillAsync(DashboardHost.AdminName);
        await page.Locator("#signin-password").FillAsync(DashboardHost.AdminPassword);
        await page.Locator("#signin-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains(link.Split('?')[0] + "?", StringComparison.Ordinal));
        await BrowserSession.WaitInteractiveAsync(page);
        return page;
    }

    // The datagram of the press arrives before its result is shown; the receiving loop may record it a moment later.
    private static async Task<string[]> ReceivedAsync(UdpPeer peer, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (peer.Received.Count < atLeast && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return [.. peer.Received.Select(d => Encoding.UTF8.GetString(d))];
    }

    private static async Task<string> LinkAsync(IPage page, string testId) =>
        (await page.GetByTestId(testId).Locator("pre").TextContentAsync())!.Trim();

    [GeneratedRegex("/udp/[^/?&]+$")]
    private static partial Regex StoredUdpLink();

    [GeneratedRegex("/probe/[^/?&]+$")]
    private static partial Regex StoredProbeLink();
}
