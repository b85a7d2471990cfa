using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.E2E.Tests.Sweep;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features;

/// <summary>
/// Issue 13 in a real browser: a new submit clears what answered the old one; errors use the form's
/// labels; exports follow the grid's filter; each shareable link opens the same result in another
/// browser context; the charts move while a scan runs.
/// </summary>
public sealed partial class UiQualityBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Probe_FailedSubmitAfterAResult_ClearsTheResult_AndNamesThePortByItsLabel()
    {
        using var world = new SweepWorld(session.Dashboard);
        var page = await session.OpenAsync("probe");
        await page.Locator("#probe-host").FillAsync("127.0.0.1");
        await page.Locator("#probe-port").FillAsync(Text(world.OpenPort));
        await page.Locator("#probe-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("probe-result")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("probe-asked")).ToContainTextAsync($"127.0.0.1:{world.OpenPort}");

        await page.Locator("#probe-port").FillAsync("abc");
        await page.Locator("#probe-submit").ClickAsync();

        await Assertions.Expect(page.GetByText("Port: not a number, got 'abc'; give 1-65535")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("probe-result")).ToHaveCountAsync(0);
        await page.Locator("#probe-port").FillAsync("80");
        await page.Locator("#probe-timeout").FillAsync("0");
        await page.Locator("#probe-submit").ClickAsync();
        await Assertions.Expect(page.GetByText("Timeout (ms) must be 1-")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Udp_FailedSubmitAfterAResult_ClearsTheResult_AndUsesTheLabels()
    {
        using var world = new SweepWorld(session.Dashboard);
        var page = await session.OpenAsync("udp");
        await page.Locator("#udp-host").FillAsync("127.0.0.1");
        await page.Locator("#udp-port").FillAsync(Text(world.EchoPort));
        await page.Locator("#udp-send").ClickAsync();
        await Assertions.Expect(page.GetByTestId("udp-result")).ToBeVisibleAsync();

        await page.Locator("#udp-port").FillAsync("abc");
        await page.Locator("#udp-send").ClickAsync();

        await Assertions.Expect(page.GetByText("Port: not a number, got 'abc'; give 1-65535")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("udp-result")).ToHaveCountAsync(0);
        await page.Locator("#udp-port").FillAsync(Text(world.EchoPort));
        await page.Locator("#udp-count").FillAsync("5000");
        await page.Locator("#udp-send").ClickAsync();
        await Assertions.Expect(page.GetByText("Count must be 1-")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Scan_FailedSubmitAfterAScan_ClearsTheScan_AndTheAllPortsChipWritesTheRange()
    {
        using var world = new SweepWorld(session.Dashboard);
        var page = await session.OpenAsync("scan");
        await UiPages.All.Single(p => p.Name == "scan").Reach!(page, world);
        await Assertions.Expect(page.GetByTestId("scan-progress")).ToBeVisibleAsync();

        await page.Locator("#scan-timeout").FillAsync("0");
        await page.Locator("#scan-start").ClickAsync();

        await Assertions.Expect(page.GetByText("Timeout (ms) must be 1-")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("scan-progress")).ToHaveCountAsync(0);
        await Assertions.Expect(page).ToHaveURLAsync(ScanListUrl());
        await page.GetByTestId("scan-port-set").Filter(new() { HasText = "all ports" }).ClickAsync();
        await Assertions.Expect(page.Locator("#scan-ports")).ToHaveValueAsync("1-65535");
    }

    [Fact]
    public async Task Listener_BadBindAddress_IsNamedByItsLabel_AndClosingAsksFirst()
    {
        var page = await session.OpenAsync("listeners");
        await page.Locator("#listener-bind").FillAsync("example");
        await page.Locator("#listener-create").ClickAsync();
        await Assertions.Expect(page.GetByTestId("listener-problem")).ToContainTextAsync("Bind address must be an IP address of this host");

        await page.Locator("#listener-bind").FillAsync("127.0.0.1");
        await page.Locator("#listener-create").ClickAsync();
        await Assertions.Expect(page.GetByTestId("listener-state")).ToHaveTextAsync("listening");
        await Assertions.Expect(page.GetByTestId("back-link")).ToHaveAttributeAsync("href", "listeners");
        await page.GetByTestId("listener-close").ClickAsync();
        await page.GetByTestId("confirm-cancel").ClickAsync();
        await Assertions.Expect(page.GetByTestId("listener-state")).ToHaveTextAsync("listening");
        await page.GetByTestId("listener-close").ClickAsync();
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(page.GetByTestId("listener-state")).ToHaveTextAsync("stopped");
    }

    [Fact]
    public async Task Export_FollowsTheGridsFilter_AndSaysSo()
    {
        using var world = new SweepWorld(session.Dashboard);
        var page = await session.OpenAsync("scan");
        await UiPages.All.Single(p => p.Name == "scan").Reach!(page, world);
        await Assertions.Expect(page.GetByTestId("scan-export-scope")).ToHaveTextAsync("Export the open results shown:");

        await page.Locator("[data-testid=scan-filter][data-state=closed]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("scan-export-scope")).ToHaveTextAsync("Export the open, closed results shown:");
        var both = await DownloadCsvAsync(page);
        await page.Locator("[data-testid=scan-filter][data-state=open]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("scan-export-scope")).ToHaveTextAsync("Export the closed results shown:");
        var closedOnly = await DownloadCsvAsync(page);

        Assert.Equal(7, both.Length - 1);
        Assert.Equal(6, closedOnly.Length - 1);
        Assert.All(closedOnly.Skip(1), line => Assert.Contains("\"closed\",\"111\",\"ECONNREFUSED\"", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShareableLinks_OpenTheSameResultInAnotherBrowser()
    {
        using var world = new SweepWorld(session.Dashboard);
        var probe = await session.OpenAsync("probe");
        await UiPages.All.Single(p => p.Name == "probe").Reach!(probe, world);
        var probeLink = await LinkAsync(probe, "probe-link");
        var udp = await session.OpenAsync("udp");
        await UiPages.All.Single(p => p.Name == "udp").Reach!(udp, world);
        var udpLink = await LinkAsync(udp, "udp-link");
        var scan = await session.OpenAsync("scan");
        await UiPages.All.Single(p => p.Name == "scan").Reach!(scan, world);
        var scanLink = await LinkAsync(scan, "scan-share");

        var teammateProbe = await session.OpenAsync(probeLink);
        var teammateUdp = await session.OpenAsync(udpLink);
        var teammateScan = await session.OpenAsync(scanLink);

        // The probe and the send are stored: their links show what was stored, and run nothing again.
        Assert.Contains("/probe/", probeLink, StringComparison.Ordinal);
        Assert.Contains("/udp/", udpLink, StringComparison.Ordinal);
        await Assertions.Expect(teammateProbe.GetByTestId("probe-result").GetByTestId("probe-state")).ToHaveAttributeAsync("data-state", "open");
        await Assertions.Expect(teammateProbe.GetByTestId("probe-target")).ToHaveTextAsync($"127.0.0.1:{world.OpenPort}");
        await Assertions.Expect(teammateUdp.GetByTestId("udp-state")).ToHaveAttributeAsync("data-state", "replied");
        await Assertions.Expect(teammateUdp.GetByTestId("udp-reply-text")).ToHaveTextAsync("Hello World!");
        await Assertions.Expect(teammateScan.GetByTestId("scan-summary")).ToContainTextAsync("1 open, 6 closed");
    }

    [Fact]
    public async Task ScanCharts_MoveWhileTheScanRuns_AndSayItInWords()
    {
        // Ports whose packets a namespace of the test's own drops: each connect takes the whole timeout (no
        // answer ever teaches the adaptive timing a shorter one), one at a time, so eight of them take at least
        // eight timeouts on any machine, and each one redraws the charts (at most once a second) while more remain.
        const int first = 40_000, count = 8;
        using var dropping = new DroppingNamespace(first, first + count - 1);
        var page = await session.OpenAsync("scan");
        await page.Locator("#scan-targets").FillAsync(dropping.Address);
        await page.Locator("#scan-ports").FillAsync($"{first}-{first + count - 1}");
        await page.Locator("#scan-timeout").FillAsync("1500");
        await page.Locator("#scan-concurrency").FillAsync("1");
        await page.Locator("#scan-start").ClickAsync();

        var summary = page.GetByTestId("scan-states-summary");
        var slow = new LocatorAssertionsToContainTextOptions { Timeout = 60_000 };
        foreach (var probed in new[] { 1, 2, 3 })
        {
            // The picture (its slices) and its words, after each port: three different states of the chart.
            await Assertions.Expect(summary).ToContainTextAsync($"Of {probed} ports probed: {probed} filtered (100 %)", slow);
            await Assertions.Expect(page.GetByTestId("scan-chart-states").Locator("path.mud-chart-serie")).ToHaveCountAsync(1);
        }

        // ...all before the scan ends: at least five ports, five timeouts, remain.
        await Assertions.Expect(page.GetByTestId("scan-rate")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("scan-summary")).ToHaveCountAsync(0);

        await Assertions.Expect(page.GetByTestId("scan-summary")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Assertions.Expect(summary).ToContainTextAsync($"Of {count} ports probed: {count} filtered (100 %)");
        await Assertions.Expect(page.GetByTestId("scan-chart-rtt").Locator("svg")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("scan-rtt-summary")).ToContainTextAsync("No round-trip times yet");
    }

    [Fact]
    public async Task Keyboard_SkipsToContent_SortsAndFiltersTheGrid()
    {
        using var world = new SweepWorld(session.Dashboard);
        var page = await session.OpenAsync("scan");
        await UiPages.All.Single(p => p.Name == "scan").Reach!(page, world);

        // The skip link is the first stop of Tab (first focusable in document order), shows when focused, and leads to main.
        var first = await page.EvaluateAsync<string>("() => document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])').dataset.testid");
        Assert.Equal("skip-link", first);
        await page.GetByTestId("skip-link").FocusAsync();
        await Assertions.Expect(page.GetByTestId("skip-link")).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/scan/[0-9a-f]+#main-content$"));

        var portHeader = page.Locator("[data-testid=scan-sort][data-sort=Port]");
        await portHeader.Locator("button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(portHeader).ToHaveAttributeAsync("aria-sort", "ascending");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(portHeader).ToHaveAttributeAsync("aria-sort", "descending");

        var closedChip = page.Locator("[data-testid=scan-filter][data-state=closed]");
        await closedChip.FocusAsync();
        await Assertions.Expect(closedChip).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=scan-filter][data-state=closed]")).ToHaveAttributeAsync("data-shown", "true");
        await Assertions.Expect(page.GetByTestId("scan-row")).ToHaveCountAsync(7);
    }

    private static async Task<string[]> DownloadCsvAsync(IPage page)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        return await File.ReadAllLinesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
    }

    private static async Task<string> LinkAsync(IPage page, string testId) =>
        (await page.GetByTestId(testId).Locator("pre").TextContentAsync())!.Trim();

    [GeneratedRegex("/scan$")]
    private static partial Regex ScanListUrl();
}
