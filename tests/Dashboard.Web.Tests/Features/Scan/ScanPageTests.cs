using System.Net;
using Bunit;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Scan;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Scan;

// A filtered port must stay pending long enough to be seen: every connect waits the whole timeout
// (loopback's round trips would otherwise bring it down to the 100 ms minimum).
public sealed class ScanPageTests() : DashboardUiContext(configure: s => s.Configure<Dashboard.Sockets.Scanning.ScanOptions>(o => o.MinTimeoutMs = 1_000))
{
    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    private ScanJobs Jobs => Services.GetRequiredService<ScanJobs>();

    private ScanService Scans => Services.GetRequiredService<ScanService>();

    private static Actor Tester => new("t1", DashboardUiContext.UserName, Role.Operator, IPAddress.Loopback, Door.Ui);

    [Theory]
    [InlineData("", "top100", "Targets is required")]
    [InlineData("10.0.0.0/8", "22", "Targets: '10.0.0.0/8' is 16,777,216 addresses; a scan may cover at most 65,536")]
    [InlineData("127.0.0.1", "99999", "Ports: '99999' is outside 1-65535")]
    [InlineData("127.0.0.1", "22-", null)]
    public void Form_ValidatesInline(string targets, string ports, string? expected)
    {
        var page = Render<ScanPage>();

        page.Find("input#scan-targets").Input(targets);
        page.Find("input#scan-ports").Input(ports);
        page.Find("#scan-start").Click();

        if (expected is null)
        {
            page.WaitForAssertion(() => Assert.NotEmpty(Jobs.Recent()));
            Jobs.Recent()[0].Cancel("test over");
        }
        else
        {
            page.WaitForAssertion(() => Assert.Contains(expected, page.Markup, StringComparison.Ordinal));
            Assert.Empty(Jobs.Recent());
        }
    }

    [Fact]
    public void PortSetChip_FillsThePortsField()
    {
        var page = Render<ScanPage>();

        page.FindAll("[data-testid=scan-port-set]").Single(c => c.TextContent.Contains("all ports", StringComparison.Ordinal)).Click();

        Assert.Equal("1-65535", page.Find("input#scan-ports").GetAttribute("value"));
    }

    [Fact]
    public async Task RunningScan_ShowsProgressThenSummaryAndOpenRows()
    {
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var saturated = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        using var closed = new ClosedPorts(IPAddress.Loopback, 3);
        var job = await Scans.StartAsync(Tester, new ScanRequest("127.0.0.1", $"{open.Port},{saturated.EndPoint.Port},{closed.Spec}", TimeoutMs: 1_000), Token);

        var page = Render<ScanPage>(p => p.Add(c => c.ScanId, job.Id));

        page.WaitForAssertion(() => Assert.Contains("4 / 5 probes", page.Find("[data-testid=scan-progress]").TextContent, StringComparison.Ordinal));
        Assert.Contains("ports/s", page.Find("[data-testid=scan-rate]").TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal("1 open, 3 closed, 1 filtered in", page.Find("[data-testid=scan-summary]").TextContent[..31]),
            TimeSpan.FromSeconds(5));
        Assert.Equal("100 %", page.Find("[data-testid=scan-percent]").TextContent.Trim());
        var row = Assert.Single(page.FindAll("[data-testid=scan-row]"));
        Assert.Equal(open.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), row.GetAttribute("data-port"));
        Assert.Equal("1 row", page.Find("[data-testid=scan-rows]").TextContent.Trim());
    }

    [Fact]
    public async Task Filters_ShowTheChosenStates()
    {
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 4);
        var job = await Scans.StartAsync(Tester, new ScanRequest("127.0.0.1", $"{open.Port},{closed.Spec}"), Token);
        await job.Finished;
        var page = Render<ScanPage>(p => p.Add(c => c.ScanId, job.Id));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=scan-row]")));

        page.Find("[data-testid=scan-filter][data-state=closed]").Click();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=scan-row]").Count));
        Assert.Equal("true", page.Find("[data-testid=scan-filter][data-state=closed]").GetAttribute("data-shown"));
        page.Find("[data-testid=scan-filter][data-state=open]").Click();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=scan-row]").Count));
        page.Find("[data-testid=scan-sort][data-sort=Port] button").Click();
        page.WaitForAssertion(() => Assert.Equal(closed.Ports.Order().Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            page.FindAll("[data-testid=scan-row]").Select(r => r.GetAttribute("data-port"))));
    }

    [Fact]
    public void UnknownScanId_SaysSo()
    {
        var page = Render<ScanPage>(p => p.Add(c => c.ScanId, "feedface"));

        Assert.Contains("scanId 'feedface' is not a running or recent scan", page.Find("[data-testid=scan-problem]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartedHere_PageDisposed_TheScanRunsOnToItsEnd()
    {
        using var saturated = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        var page = Render<ScanPage>();
        page.Find("input#scan-targets").Input("127.0.0.1");
        page.Find("input#scan-ports").Input($"{saturated.EndPoint.Port}");
        page.Find("input#scan-timeout").Input("1000");
        page.Find("#scan-start").Click();
        page.WaitForAssertion(() => Assert.Single(Jobs.Recent()));
        var job = Jobs.Recent()[0];

        await DisposeComponentsAsync();

        await job.Finished.WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.Equal(ScanOutcome.Completed, job.Outcome);
        Assert.Null(job.Reason);
    }
}
