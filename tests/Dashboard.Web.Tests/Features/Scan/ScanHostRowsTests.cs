using System.Net;
using Bunit;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Scan;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Scan;

/// <summary>Hosts in the scan's grid: each once, up with the method and round trip, down with why and no port rows.</summary>
public sealed class ScanHostRowsTests : DashboardUiContext
{
    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Grid_HostsUpAndDown_ShowsEachOnceWithMethodRttAndWhy()
    {
        var log = new ScanResultStore(2, At);
        var view = new ScanResultView(log);
        HostResult[] hosts =
        [
            new("10.9.0.2", "10.9.0.2", HostState.Up, "tcp-refused", "port 443 refused", 0.42, "a connect was refused: something answered", At),
            new("db.lan", "10.9.0.3", HostState.Down, "host-unreachable", null, null, "neighbour resolution failed: nothing has this address", At),
            new("10.9.0.4", "10.9.0.4", HostState.Down, "no-response", null, null, "nothing answered in time", At),
        ];

        var grid = Render<ScanResultsGrid>(p => p.Add(g => g.View, view).Add(g => g.Hosts, hosts));

        var rows = grid.FindAll("[data-testid=scan-host-row]");
        Assert.Equal(["10.9.0.2", "10.9.0.3", "10.9.0.4"], rows.Select(r => r.GetAttribute("data-address")));
        Assert.Equal(["up", "down", "down"], rows.Select(r => r.GetAttribute("data-state")));
        var cells = rows[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["10.9.0.2", "up", "tcp-refused (port 443 refused)", "0.42", "a connect was refused: something answered"], cells);
        cells = rows[1].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["db.lan (10.9.0.3)", "down", "host-unreachable", "-", "neighbour resolution failed: nothing has this address"], cells);
        Assert.Equal("1 up", grid.Find("[data-testid=scan-hosts-up]").TextContent.Trim());
        Assert.Equal("2 down", grid.Find("[data-testid=scan-hosts-down]").TextContent.Trim());
        Assert.Empty(grid.FindAll("[data-testid=scan-row]"));
    }

    [Fact]
    public void Grid_RunOfDownHosts_IsOneRangeRow_AndTheCountsCountItsAddresses()
    {
        var view = new ScanResultView(new ScanResultStore(1, At));
        HostResult[] hosts =
        [
            new("10.206.0.1", "10.206.0.1", HostState.Up, "arp", "raw socket", 0.1, "it answered ARP", At),
            new("10.206.0.2", "10.206.0.2", HostState.Down, "host-unreachable", null, null, "neighbour resolution failed", At, "10.206.0.255", 254),
        ];

        var grid = Render<ScanResultsGrid>(p => p.Add(g => g.View, view).Add(g => g.Hosts, hosts));

        var row = grid.FindAll("[data-testid=scan-host-row]")[1];
        Assert.Equal("254", row.GetAttribute("data-count"));
        Assert.Equal(["10.206.0.2 - 10.206.0.255: 254 down", "down", "host-unreachable", "-", "neighbour resolution failed"],
            row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()));
        Assert.Equal("1 up", grid.Find("[data-testid=scan-hosts-up]").TextContent.Trim());
        Assert.Equal("254 down", grid.Find("[data-testid=scan-hosts-down]").TextContent.Trim());
    }

    [Fact]
    public void Grid_LoneHostUp_ShowsNoHostTable()
    {
        var view = new ScanResultView(new ScanResultStore(1, At));
        HostResult[] hosts = [new("127.0.0.1", "127.0.0.1", HostState.Up, "user-set", null, null, "assumed up", At)];

        var grid = Render<ScanResultsGrid>(p => p.Add(g => g.View, view).Add(g => g.Hosts, hosts));

        Assert.Empty(grid.FindAll("[data-testid=scan-hosts]"));
    }

    [Fact]
    public async Task Page_ScanOfTwoHosts_ShowsBothUpWithTheirMethodAndTheCounts()
    {
        using var open = new LoopbackListener(IPAddress.Loopback);
        var scans = Services.GetRequiredService<ScanService>();
        var job = await scans.StartAsync(new Actor("t1", UserName, Role.Operator, IPAddress.Loopback, Door.Ui),
            new ScanRequest("127.0.0.1 127.0.0.2", $"{open.Port}"), Token);
        await job.Finished;

        var page = Render<ScanPage>(p => p.Add(c => c.ScanId, job.Id));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=scan-host-row]").Count));
        Assert.All(page.FindAll("[data-testid=scan-host-row]"), r =>
        {
            Assert.Equal("up", r.GetAttribute("data-state"));
            Assert.NotEqual("-", r.QuerySelectorAll("td")[3].TextContent.Trim());
        });
        Assert.Contains("2 of 2 hosts decided: 2 up, 0 down", page.Find("[data-testid=scan-host-progress]").TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Contains("; 2 hosts up, 0 down", page.Find("[data-testid=scan-summary]").TextContent, StringComparison.Ordinal));
        Assert.Equal("100 %", page.Find("[data-testid=scan-percent]").TextContent.Trim());
    }
}
