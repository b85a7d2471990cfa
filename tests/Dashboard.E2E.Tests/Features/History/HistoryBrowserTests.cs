using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.History;

/// <summary>The History page in Chromium: a past scan opens as the live page showed it and runs again; a stored probe opens by its URL anywhere.</summary>
public sealed class HistoryBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PastScan_OpensFromHistory_AndRunsAgain()
    {
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 3);
        var scanId = await ScanAsync($"{open.Port},{closed.Spec}");
        // A long target (many ports) squeezes the other columns: their headers and words must stay whole.
        using var many = new ClosedPorts(IPAddress.Loopback, 30);
        await ScanAsync(many.Spec);

        var page = await session.OpenAsync("history", width: 1440);
        var row = page.Locator($"[data-testid=history-row][data-id='{scanId}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "completed");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("history-light.png"), FullPage = true });
        Assert.Empty(await WrappedWordsAsync(page));
        await row.GetByTestId("history-open").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/scan/{scanId}$"));
        await Assertions.Expect(page.GetByTestId("scan-summary")).ToContainTextAsync("1 open, 3 closed");
        await Assertions.Expect(page.Locator("#scan-targets")).ToHaveValueAsync("127.0.0.1");

        await page.GotoAsync("history");
        await BrowserSession.WaitInteractiveAsync(page);
        await page.Locator($"[data-testid=history-row][data-id='{scanId}']").GetByTestId("history-rerun").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/scan/[0-9a-f]{16}$"));
        Assert.DoesNotContain(scanId, page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("scan-summary")).ToContainTextAsync("1 open, 3 closed");
    }

    /// <summary>The headers and the short cells of the history table whose text the layout broke over lines.</summary>
    private static Task<string[]> WrappedWordsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('[data-testid=history-list] th, [data-testid=history-list] td[data-label=Kind], [data-testid=history-list] td[data-label=Owner]')]
            .filter(cell => {
                const text = document.createRange();
                text.selectNodeContents(cell);
                return cell.textContent.trim() !== '' && text.getClientRects().length > 1;
            })
            .map(cell => cell.textContent.trim())
        """);

    [Fact]
    public async Task StoredProbe_OpensByItsUrl_InASecondBrowserContext()
    {
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var http = session.Dashboard.Http();
        using var response = await http.PostAsJsonAsync("api/probe", new ProbeRequest("127.0.0.1", open.Port), Token);
        var probe = await response.Content.ReadFromJsonAsync<ProbeResult>(Token);
        var first = await session.OpenAsync("history");
        var link = first.Locator($"[data-testid=history-row][data-id='{probe!.Id}']").GetByTestId("history-open");
        await link.ClickAsync();
        await Assertions.Expect(first.GetByTestId("probe-state")).ToHaveAttributeAsync("data-state", "open");

        var second = await session.OpenAsync(new Uri(first.Url).PathAndQuery.TrimStart('/'), width: 390);

        await Assertions.Expect(second).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/probe/{probe.Id}$"));
        await Assertions.Expect(second.GetByTestId("probe-state")).ToHaveAttributeAsync("data-state", "open");
        await Assertions.Expect(second.GetByTestId("probe-target")).ToHaveTextAsync($"127.0.0.1:{open.Port}");
        await second.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("stored-probe-phone.png"), FullPage = true });
    }

    private async Task<string> ScanAsync(string ports)
    {
        using var http = session.Dashboard.Http();
        using var response = await http.PostAsJsonAsync("api/scans", new ScanRequest("127.0.0.1", ports, TimeoutMs: 10_000), Token);
        var started = await response.Content.ReadFromJsonAsync<ScanStatus>(Token);
        while ((await http.GetFromJsonAsync<ScanStatus>($"api/scans/{started!.ScanId}", Token))!.State == ScanState.Running)
        {
            await Task.Delay(50, Token);
        }

        return started.ScanId;
    }
}
