using System.Globalization;
using System.Net;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Watches;

/// <summary>A dashboard whose Admins may run watches every second.</summary>
public sealed class WatchBrowserSession() : BrowserSession(DashboardHost.With(new() { ["Watches:AdminMinIntervalSeconds"] = "1" }));

public sealed class WatchBrowserTests(WatchBrowserSession session) : IClassFixture<WatchBrowserSession>
{
    [Fact]
    public async Task TcpWatchOnAListener_MadeInTheForm_TurnsRedLiveWithTheReasonWhenItCloses_TheWebhookArrives_AndGreenWhenItReopens()
    {
        var listeners = session.Dashboard.Services.GetRequiredService<ListenerService>();
        var admin = session.Dashboard.Admin;
        var request = new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0, null, 600);
        var first = await listeners.OpenAsync(admin, request, CancellationToken.None);
        var port = IPEndPoint.Parse(first.LocalEndPoint).Port;
        await using var hook = await HookReceiver.StartAsync(IPAddress.Loopback, CancellationToken.None);
        await session.Dashboard.Services.GetRequiredService<NotificationService>().CreateChannelAsync(admin,
            new ChannelRequest("e2e hook", "webhook", [], Webhook: new WebhookSettings(hook.Url + "hook")), CancellationToken.None);

        var page = await session.OpenAsync("watches/new");
        await page.Locator("#watch-name-input").FillAsync("e2e-listener");
        await page.Locator("#watch-host").FillAsync("127.0.0.1");
        await page.Locator("#watch-port").FillAsync(port.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#watch-interval").FillAsync("1");
        await page.Locator("#watch-save").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/watches/[0-9a-f]{16}$"));

        var chip = page.GetByTestId("watch-chip");
        await Assertions.Expect(chip).ToHaveAttributeAsync("data-status", "up");

        await listeners.CloseAsync(admin, first.Id);
        await Assertions.Expect(chip).ToHaveAttributeAsync("data-status", "down");
        await Assertions.Expect(page.GetByTestId("watch-reason")).ToContainTextAsync("ECONNREFUSED");
        await Assertions.Expect(page.GetByTestId("watch-incident")).Not.ToHaveCountAsync(0);
        Assert.Contains("\"event\":\"down\"", (await hook.WaitForAsync(1, CancellationToken.None))[0].Body, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("watch-down-light.png"), FullPage = true });

        await listeners.OpenAsync(admin, request with { Port = port }, CancellationToken.None);
        await Assertions.Expect(chip).ToHaveAttributeAsync("data-status", "up");
        Assert.Contains("\"event\":\"recovered\"", (await hook.WaitForAsync(2, CancellationToken.None))[1].Body, StringComparison.Ordinal);
        Assert.Empty(await BrowserSession.CircuitStatesAsync(page));
    }
}
