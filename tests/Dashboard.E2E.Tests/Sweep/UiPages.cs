using System.Globalization;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Sweep;

/// <summary>
/// Every page of the dashboard, once: where it is and how to bring it to the state worth checking
/// (a result shown). The axe-core sweep, the narrow-width check and the screenshots in docs/pages.md all walk
/// this list, so a new page is one line here. <see cref="Reach"/> runs after the page at
/// <see cref="Path"/> is open and interactive; it fills the form and waits for the result.
/// </summary>
public sealed record UiPage(string Name, string Path, Func<IPage, SweepWorld, Task>? Reach = null, bool Static = false)
{
    public override string ToString() => Name;
}

public static class UiPages
{
    public static readonly IReadOnlyList<UiPage> All =
    [
        new("signin", "account/login", Static: true),
        new("probe", "probe", ProbeAsync),
        new("scan", "scan", ScanAsync),
        new("udp", "udp", UdpAsync),
        new("unix", "unix", UnixAsync),
        new("tls", "tls", TlsAsync),
        new("services", "services", ServicesAsync),
        new("trace", "trace", TraceAsync),
        new("listeners", "listeners", ListenersAsync),
        new("listener", "listeners", ListenerAsync),
        new("account", "account"),
        new("users", "admin/users"),
        new("access-denied", "account/denied?ReturnUrl=%2Fadmin%2Fusers&needs=Admin"),
        new("audit", "admin/audit"),
        new("policy", "admin/policy"),
        new("history", "history", HistoryAsync),
        new("stored-probe", "history", StoredProbeAsync),
        new("stored-udp", "history", StoredUdpAsync),
        new("stored-trace", "history", StoredTraceAsync),
        new("compare", "history", CompareAsync),
        new("agents", "agents"),
        new("paths", "paths"),
        new("watches", "watches", WatchesAsync),
        new("watch", "watches", WatchAsync),
        new("watch-form", "watches/new"),
        new("status", "watches", StatusAsync),
        new("public-status", "watches", PublicStatusAsync),
        new("notifications", "notifications", NotificationsAsync),
        new("notification-dialog", "notifications", NotificationDialogAsync),
        new("not-found", "no-such-page"),
        new("error", "error", Static: true),
    ];

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task ProbeAsync(IPage page, SweepWorld world)
    {
        await page.Locator("#probe-host").FillAsync("127.0.0.1");
        await page.Locator("#probe-port").FillAsync(Text(world.OpenPort));
        await page.Locator("#probe-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("probe-result")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("recent-probe")).Not.ToHaveCountAsync(0);
        // The open port offers a deeper look: its panel is swept with the page.
        await Assertions.Expect(page.GetByTestId("probe-deeper")).ToBeVisibleAsync();
    }

    private static async Task ScanAsync(IPage page, SweepWorld world)
    {
        await page.Locator("#scan-targets").FillAsync("127.0.0.1");
        await page.Locator("#scan-ports").FillAsync($"{world.ClosedPorts},{Text(world.OpenPort)}");
        await page.Locator("#scan-timeout").FillAsync("10000");
        await page.Locator("#scan-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("scan-summary")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("scan-row")).Not.ToHaveCountAsync(0);
    }

    private static async Task UdpAsync(IPage page, SweepWorld world)
    {
        await page.Locator("#udp-host").FillAsync("127.0.0.1");
        await page.Locator("#udp-port").FillAsync(Text(world.EchoPort));
        await page.Locator("#udp-send").ClickAsync();
        await Assertions.Expect(page.GetByTestId("udp-reply")).Not.ToHaveCountAsync(0);
    }

    // The sweep's dashboard allows no directory: the page's refusal is the state worth checking.
    private static async Task UnixAsync(IPage page, SweepWorld world)
    {
        await page.Locator("#unix-path").FillAsync("/run/sweep/none.sock");
        await page.Locator("#unix-go").ClickAsync();
        await Assertions.Expect(page.GetByTestId("unix-problem")).ToBeVisibleAsync();
    }

    // A closed port answers at once: the result card shows (unreachable) without a TLS server in the sweep's world.
    private static async Task TlsAsync(IPage page, SweepWorld world)
    {
        await page.Locator("#tls-host").FillAsync("127.0.0.1");
        await page.Locator("#tls-port").FillAsync(world.ClosedPorts.Split(',')[0]);
        await page.Locator("#tls-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("tls-result")).ToBeVisibleAsync();
    }

    // A closed port answers at once: the result card, its stored link and its reproduce panel show.
    private static async Task ServicesAsync(IPage page, SweepWorld world)
    {
        await page.Locator("#services-targets").FillAsync($"127.0.0.1:{world.ClosedPorts.Split(',')[0]}");
        await page.Locator("#services-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("identify-result")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("services-link")).ToBeVisibleAsync();
    }

    private static async Task TraceAsync(IPage page, SweepWorld world)
    {
        await page.Locator("#trace-host").FillAsync("127.0.0.1");
        await page.Locator("#trace-port").FillAsync(Text(world.OpenPort));
        await page.Locator("#trace-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("trace-verdict")).ToBeVisibleAsync();
    }

    private static async Task StoredTraceAsync(IPage page, SweepWorld world)
    {
        await OpenAsync(page, $"trace/{await world.StoredTraceAsync()}");
        await Assertions.Expect(page.GetByTestId("trace-verdict")).ToBeVisibleAsync();
    }

    private static async Task ListenersAsync(IPage page, SweepWorld world)
    {
        await world.OpenListenerAsync();
        await Assertions.Expect(page.GetByTestId("listener-row")).Not.ToHaveCountAsync(0);
    }

    private static async Task ListenerAsync(IPage page, SweepWorld world)
    {
        var id = await world.OpenListenerAsync();
        await page.GotoAsync($"listeners/{id}");
        await Support.BrowserSession.WaitInteractiveAsync(page);
        await world.SendToListenerAsync(id);
        await Assertions.Expect(page.Locator("[data-testid=listener-event][data-kind=data]")).Not.ToHaveCountAsync(0);
        await page.Locator("[data-testid=listener-event][data-kind=data]").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("listener-selected")).ToBeVisibleAsync();
    }

    private static async Task HistoryAsync(IPage page, SweepWorld world)
    {
        await world.StoredProbeAsync();
        await OpenAsync(page, "history");
        await Assertions.Expect(page.GetByTestId("history-row")).Not.ToHaveCountAsync(0);
    }

    private static async Task StoredProbeAsync(IPage page, SweepWorld world)
    {
        await OpenAsync(page, $"probe/{await world.StoredProbeAsync()}");
        await Assertions.Expect(page.GetByTestId("probe-result")).ToBeVisibleAsync();
    }

    private static async Task StoredUdpAsync(IPage page, SweepWorld world)
    {
        await OpenAsync(page, $"udp/{await world.StoredUdpAsync()}");
        await Assertions.Expect(page.GetByTestId("udp-reply")).Not.ToHaveCountAsync(0);
    }

    private static async Task CompareAsync(IPage page, SweepWorld world)
    {
        var (before, after) = await world.TwoScansAsync();
        await OpenAsync(page, $"history/compare?a={before}&b={after}");
        await Assertions.Expect(page.GetByTestId("compare-port")).Not.ToHaveCountAsync(0);
    }

    private static async Task WatchesAsync(IPage page, SweepWorld world)
    {
        await world.WatchAsync();
        await Assertions.Expect(page.GetByTestId("watch-row")).Not.ToHaveCountAsync(0);
    }

    private static async Task WatchAsync(IPage page, SweepWorld world)
    {
        await OpenAsync(page, $"watches/{await world.WatchAsync()}");
        await Assertions.Expect(page.GetByTestId("watch-chip")).Not.ToHaveCountAsync(0);
    }

    private static async Task StatusAsync(IPage page, SweepWorld world)
    {
        await world.PublicStatusPathAsync();
        await OpenAsync(page, "status/sweep");
        await Assertions.Expect(page.GetByTestId("status-watch")).Not.ToHaveCountAsync(0);
    }

    // Without a circuit: the page is plain HTML for anyone with the address.
    private static async Task PublicStatusAsync(IPage page, SweepWorld world)
    {
        await page.GotoAsync(await world.PublicStatusPathAsync());
        await Assertions.Expect(page.GetByTestId("status-watch")).Not.ToHaveCountAsync(0);
    }

    private static async Task NotificationsAsync(IPage page, SweepWorld world)
    {
        await world.NotificationChannelAsync();
        await OpenAsync(page, "notifications");
        await Assertions.Expect(page.GetByTestId("channel-error")).Not.ToHaveCountAsync(0);
    }

    private static async Task NotificationDialogAsync(IPage page, SweepWorld world)
    {
        await page.Locator("#channel-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("channel-dialog")).ToBeVisibleAsync();
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Support.BrowserSession.WaitInteractiveAsync(page);
    }
}
