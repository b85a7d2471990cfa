using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Reproduce;

/// <summary>
/// A probe's Reproduce panel in Chromium: each copy button puts exactly the line shown on the clipboard, and the copied
/// line, run by a shell, says what the probe said.
/// </summary>
public sealed class ReproduceBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task ClosedPort_CopiedPythonLine_IsTheShownLine_AndPrintsTheProbesErrno()
    {
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        var page = await session.OpenAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);

        await page.Locator("#probe-host").FillAsync("127.0.0.1");
        await page.Locator("#probe-port").FillAsync(closed.Ports[0].ToString(CultureInfo.InvariantCulture));
        await page.Locator("#probe-submit").ClickAsync();
        var result = page.GetByTestId("probe-result");
        await Assertions.Expect(result.GetByTestId("probe-state")).ToHaveAttributeAsync("data-state", "closed");
        await result.GetByTestId("reproduce").Locator(".mud-expand-panel-header").ClickAsync();
        await Assertions.Expect(result.GetByTestId("reproduce-where")).ToBeVisibleAsync();
        var python = result.GetByTestId("reproduce-command").Filter(new LocatorFilterOptions { HasText = "connect_ex" });
        var shown = await python.Locator("pre").TextContentAsync();

        await result.GetByLabel("Copy python3 command").ClickAsync();
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");

        Assert.Equal(shown, copied);
        var printed = await RunAsync(copied);
        Assert.Equal("111 ECONNREFUSED", printed.Trim());
    }

    private static async Task<string> RunAsync(string line)
    {
        var start = new ProcessStartInfo("bash", ["-c", line]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"`{line}` exited {process.ExitCode}: {await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)}");
        return output;
    }
}
