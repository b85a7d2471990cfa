using System.Net;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Probe;

/// <summary>A server restart under an open page: the page reloads (its circuit is gone) with what its fields showed.</summary>
public sealed class RestartBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task AfterARestart_ThePageReloads_WithTheTypedFieldsFilledInAgain()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var dataDir = Directory.CreateTempSubdirectory("sd-restart-").FullName;
        var port = LoopbackListener.FreePort(IPAddress.Loopback);
        var first = DashboardHost.OverOnPort(dataDir, port);
        DashboardHost? second = null;
        try
        {
            var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = first.BaseAddress.ToString() });
            var page = await context.NewPageAsync();
            await BrowserSession.SignInAsync(page, DashboardHost.AdminName, DashboardHost.AdminPassword);
            await page.GotoAsync("probe");
            await BrowserSession.WaitInteractiveAsync(page);
            await page.Locator("#probe-host").FillAsync("127.0.0.1");
            await page.Locator("#probe-port").FillAsync(listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

            await page.EvaluateAsync("() => window.beforeRestart = true");
            await first.DisposeAsync();
            second = DashboardHost.OverOnPort(dataDir, port);
            _ = second.BaseAddress;
            await UntilReloadedAsync(page);

            // The old circuit is unknown to the new process: the page reloads, signed in still (keys and users are in DataDir).
            await Assertions.Expect(page.Locator("#probe-host")).ToHaveValueAsync("127.0.0.1", new() { Timeout = 60_000 });
            await BrowserSession.WaitInteractiveAsync(page);
            // Shown is not enough: the new circuit must have them, so the probe goes where the fields say.
            await Assertions.Expect(page.Locator("#probe-port")).ToHaveValueAsync(listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.Locator("#probe-submit").ClickAsync();
            await Assertions.Expect(page.GetByTestId("probe-result")).ToContainTextAsync($"127.0.0.1:{listener.Port}");
            await context.CloseAsync();
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            Directory.Delete(dataDir, recursive: true);
        }
    }

    // Blazor retries on its own for a while; a restart slower than that (a loaded machine) leaves the dialog's Retry
    // button, which a person would press: it reloads once it finds the circuit gone.
    private static async Task UntilReloadedAsync(IPage page)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await StillTheOldPageAsync(page))
        {
            Assert.True(DateTime.UtcNow < deadline, "the page did not reload within two minutes of the restart");
            var retry = page.Locator("#reconnect-retry");
            if (await retry.IsVisibleAsync())
            {
                await retry.ClickAsync();
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<bool> StillTheOldPageAsync(IPage page)
    {
        try
        {
            return await page.EvaluateAsync<bool>("() => window.beforeRestart === true");
        }
        catch (PlaywrightException)
        {
            // Navigating: the old page's context is gone, the new one not there yet.
            return true;
        }
    }
}
