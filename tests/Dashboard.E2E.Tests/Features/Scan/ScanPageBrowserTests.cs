using System.Net;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Scan;

public sealed class ScanPageBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Scan_SmallRangeWithTwoOpenPorts_ReachesHundredPercentShowsBothAndExportsCsv()
    {
        using var first = new LoopbackListener(IPAddress.Loopback);
        using var second = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 60);

        var page = await StartScanAsync("127.0.0.1", $"{closed.Spec},{first.Port},{second.Port}");

        await Assertions.Expect(page.GetByTestId("scan-percent")).ToHaveTextAsync("100 %");
        await Assertions.Expect(page.GetByTestId("scan-summary")).ToContainTextAsync("2 open, 60 closed");
        await Assertions.Expect(page.GetByTestId("scan-row")).ToHaveCountAsync(2);
        var ports = await page.GetByTestId("scan-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.port)");
        Assert.Equal(new[] { first.Port, second.Port }.Order().Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), ports.Order());
        Assert.Matches("/scan/[0-9a-f]{16}$", page.Url);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("scan-light.png"), FullPage = true });

        // The export holds what the grid shows: show the closed ports too.
        await page.Locator("[data-testid=scan-filter][data-state=closed]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("scan-export-scope")).ToHaveTextAsync("Export the open, closed results shown:");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        var csv = await File.ReadAllLinesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);

        Assert.Equal("host,address,port,state,code,codeName,rttMs,localEndPoint,remoteEndPoint,at,service", csv[0]);
        Assert.Equal(62, csv.Length - 1);
        Assert.Equal(2, csv.Count(l => l.Contains("\"open\",\"0\",\"OK\",", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Scan_TwoHosts_ShowsEachHostOnceWithItsMethodAndTheHostCounts()
    {
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 3);

        var page = await StartScanAsync("127.0.0.1, 127.0.0.2", $"{closed.Spec},{open.Port}");

        await Assertions.Expect(page.GetByTestId("scan-summary")).ToContainTextAsync("; 2 hosts up, 0 down");
        await Assertions.Expect(page.GetByTestId("scan-host-row")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("scan-hosts-up")).ToHaveTextAsync("2 up");
        await Assertions.Expect(page.GetByTestId("scan-host-progress")).ToContainTextAsync("2 of 2 hosts decided: 2 up, 0 down");
        await Assertions.Expect(page.Locator("[data-testid=scan-host-row][data-address='127.0.0.2'] td").Nth(1)).ToHaveTextAsync("up");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("scan-hosts-light.png"), FullPage = true });

        // On a phone the host table scrolls sideways inside its box; the page itself does not.
        var phone = await session.OpenAsync((await page.Locator("[data-testid=scan-share] pre").TextContentAsync())!.Trim(), width: 390);
        await Assertions.Expect(phone.GetByTestId("scan-host-row")).ToHaveCountAsync(2);
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("scan-hosts-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task SharedLink_TeammateSeesTheSameScan()
    {
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 5);
        var starter = await StartScanAsync("127.0.0.1", $"{closed.Spec},{open.Port}");
        await Assertions.Expect(starter.GetByTestId("scan-summary")).ToContainTextAsync("1 open, 5 closed");
        var link = (await starter.Locator("[data-testid=scan-share] pre").TextContentAsync())!.Trim();

        var teammate = await session.OpenAsync(link);

        await Assertions.Expect(teammate.GetByTestId("scan-summary")).ToContainTextAsync("1 open, 5 closed");
        await Assertions.Expect(teammate.GetByTestId("scan-row")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Scan_2048LoopbackAddressesWrittenOut_CoversThemAllAndTheCircuitStaysUp()
    {
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        var addresses = Enumerable.Range(1, 2_048).Select(i => $"127.0.{i >> 8}.{i & 0xff}").ToList();

        var page = await StartScanAsync(string.Join(", ", addresses), closed.Spec);

        await Assertions.Expect(page.GetByTestId("scan-shape")).ToHaveTextAsync($"2,048 addresses × 1 port ({closed.Spec})");
        await Assertions.Expect(page.GetByTestId("scan-summary")).ToContainTextAsync("2,048 closed in");
        await page.GetByTestId("scan-port-set").First.ClickAsync();
        await Assertions.Expect(page.Locator("#scan-ports")).ToHaveValueAsync("top100");
        Assert.Empty(await BrowserSession.CircuitStatesAsync(page));
    }

    // Loopback answers at once; the timeout is the server's clock, so a busy machine gets ten seconds
    // before a probe counts as filtered. It costs nothing when every port answers.
    private async Task<IPage> StartScanAsync(string targets, string ports)
    {
        var page = await session.OpenAsync("scan");
        await page.Locator("#scan-targets").FillAsync(targets);
        await page.Locator("#scan-ports").FillAsync(ports);
        await page.Locator("#scan-timeout").FillAsync("10000");
        await page.Locator("#scan-start").ClickAsync();
        // Either the scan shows or the page says why not: a refusal fails here, with its words.
        await Assertions.Expect(page.GetByTestId("scan-progress").Or(page.GetByTestId("scan-problem"))).ToBeVisibleAsync();
        if (await page.GetByTestId("scan-problem").IsVisibleAsync())
        {
            Assert.Fail($"the scan did not start: {await page.GetByTestId("scan-problem").TextContentAsync()}");
        }

        return page;
    }
}
