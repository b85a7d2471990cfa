using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.UnixSockets;

/// <summary>A dashboard that allows the Unix socket lab's <c>allowed/</c> directory, in Chromium.</summary>
public sealed class UnixBrowserSession : BrowserSession
{
    public UnixBrowserSession()
        : this(new UnixSocketLab())
    {
    }

    private UnixBrowserSession(UnixSocketLab lab)
        : base(DashboardHost.With(new() { ["Policy:UnixSockets:AllowedDirectories"] = lab.Allowed })) => Lab = lab;

    public UnixSocketLab Lab { get; }
}

public sealed class UnixPageBrowserTests(UnixBrowserSession session) : IClassFixture<UnixBrowserSession>
{
    [Fact]
    public async Task Connect_ToALiveSocket_ShowsConnectedAndTheListenersProcess()
    {
        var path = Path.Combine(session.Lab.Allowed, "page.sock");
        using var live = session.Lab.Listen(path);
        var page = await session.OpenAsync("unix");

        await Assertions.Expect(page.GetByTestId("unix-allowed")).ToContainTextAsync(session.Lab.Allowed);
        await page.Locator("#unix-path").FillAsync(path);
        await page.Locator("#unix-go").ClickAsync();

        await Assertions.Expect(page.GetByTestId("unix-state")).ToHaveAttributeAsync("data-state", "connected");
        await Assertions.Expect(page.GetByTestId("unix-peer")).ToHaveTextAsync($"pid {Environment.ProcessId}, uid 0, gid 0");
        await Assertions.Expect(page.GetByTestId("unix-peer-name")).ToHaveTextAsync(path);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("unix-light.png"), FullPage = true });

        var stored = await page.Locator("[data-testid=unix-link] pre").InnerTextAsync();
        await page.GotoAsync(stored.Trim());
        await Assertions.Expect(page.GetByTestId("unix-state")).ToHaveAttributeAsync("data-state", "connected");
    }

    [Fact]
    public async Task Connect_OutsideTheAllowedDirectories_SaysWhy()
    {
        var page = await session.OpenAsync("unix");

        await page.Locator("#unix-path").FillAsync(Path.Combine(session.Lab.Outside, "x.sock"));
        await page.Locator("#unix-go").ClickAsync();

        await Assertions.Expect(page.GetByTestId("unix-problem")).ToContainTextAsync("is outside the directories allowed for Unix sockets");
    }
}
