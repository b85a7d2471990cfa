using System.Net;
using System.Net.Sockets;
using Dashboard.E2E.Tests.Support;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests;

public sealed class ListenerPageBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task TcpListener_CreatedInTheUi_ShowsALineSentToItLiveInTwoBrowsers()
    {
        var page = await session.OpenAsync("listeners");
        await page.Locator("#listener-create").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/listeners/[0-9a-f]{12}$"));
        await Assertions.Expect(page.GetByTestId("listener-state")).ToHaveTextAsync("listening");
        var endPoint = IPEndPoint.Parse((await page.GetByTestId("listener-endpoint").TextContentAsync())!.Replace("tcp://", "", StringComparison.Ordinal));
        var teammate = await session.OpenAsync(new Uri(page.Url).PathAndQuery.TrimStart('/'));

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(endPoint, TestContext.Current.CancellationToken);
            await client.GetStream().WriteAsync("Hello World!\n"u8.ToArray(), TestContext.Current.CancellationToken);
        }

        foreach (var viewer in new[] { page, teammate })
        {
            await Assertions.Expect(viewer.Locator("[data-testid=listener-event][data-kind=data]")).ToContainTextAsync("Hello World!");
            await Assertions.Expect(viewer.Locator("[data-testid=listener-event][data-kind=closed]")).ToHaveCountAsync(1);
        }

        await page.Locator("[data-testid=listener-event][data-kind=data]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("listener-selected")).ToContainTextAsync("Hello World!");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("listener-light.png"), FullPage = true });

        await page.GetByTestId("listener-close").ClickAsync();
        await Assertions.Expect(teammate.Locator("[data-testid=listener-event][data-kind=stopped]")).ToHaveCountAsync(1);
        await Assertions.Expect(teammate.GetByTestId("listener-state")).ToHaveTextAsync("stopped");
    }
}
