using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Listeners;

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
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(teammate.Locator("[data-testid=listener-event][data-kind=stopped]")).ToHaveCountAsync(1);
        await Assertions.Expect(teammate.GetByTestId("listener-state")).ToHaveTextAsync("stopped");
    }

    [Fact]
    public async Task UdpListener_FixedReplyOf60000BytesTypedInTheUi_AnswersAFarSmallerDatagramWithItWhole()
    {
        var reply = string.Concat(Enumerable.Repeat("0123456789", 6_000));
        var page = await session.OpenAsync("listeners");
        await page.GetByTestId("listener-protocol").GetByText("udp").ClickAsync();
        await page.GetByTestId("listener-reply").GetByText("fixed").ClickAsync();
        await page.Locator("#payload-input").FillAsync(reply);
        await Assertions.Expect(page.GetByTestId("payload-bytes")).ToHaveTextAsync("60,000 bytes");

        await page.Locator("#listener-create").ClickAsync();
        await Assertions.Expect(page.GetByTestId("listener-state")).ToHaveTextAsync("listening");
        var endPoint = IPEndPoint.Parse((await page.GetByTestId("listener-endpoint").TextContentAsync())!.Replace("udp://", "", StringComparison.Ordinal));

        // As long as Expect would wait, so a missing reply fails the test instead of hanging it.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(30));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await client.ConnectAsync(endPoint, patience.Token);
        // A reply is at most three times what it answers (Sockets:Listeners:UdpReplyFactor): 20,000 bytes earn the 60,000.
        await client.SendAsync(new byte[20_000], patience.Token);
        var buffer = new byte[65_536];
        var received = await client.ReceiveAsync(buffer, patience.Token);

        Assert.Equal(reply, System.Text.Encoding.ASCII.GetString(buffer, 0, received));
        Assert.Empty(await BrowserSession.CircuitStatesAsync(page));
    }
}
