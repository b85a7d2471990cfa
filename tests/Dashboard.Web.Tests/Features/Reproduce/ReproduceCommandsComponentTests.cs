using Bunit;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Features.Probe;

namespace Dashboard.Web.Tests.Features.Reproduce;

public sealed class ReproduceCommandsComponentTests : DashboardUiContext
{
    [Fact]
    public void ProbeCard_Reproduce_ShowsWhereAndEachCommandWithANamedCopyButton()
    {
        var result = new ProbeResult("db1", "10.0.0.5", 5432, ProbeState.Closed, 111, "ECONNREFUSED", "X", "m", 1.5, null, null,
            DateTimeOffset.UnixEpoch) { From = "edge-agent" };
        var card = Render<ProbeResultCard>(p => p.Add(c => c.Result, result).Add(c => c.Request, new ProbeRequest("db1", 5432, 2000)));

        card.Find("[data-testid=reproduce] .mud-expand-panel-header").Click();

        card.WaitForAssertion(() => Assert.Equal("Run these on edge-agent:", card.Find("[data-testid=reproduce-where]").TextContent.Trim()));
        var lines = card.FindAll("[data-testid=reproduce-command] pre").Select(e => e.TextContent).ToList();
        Assert.Contains("nmap -Pn -sT -p 5432 --max-retries 0 --initial-rtt-timeout 2000ms --max-rtt-timeout 2000ms '10.0.0.5'", lines);
        var copyNames = card.FindAll("[data-testid=reproduce-command-copy]").Select(e => e.GetAttribute("aria-label")).ToList();
        Assert.Equal(["Copy nmap command", "Copy nc command", "Copy ncat command", "Copy python3 command", "Copy Test-NetConnection command"], copyNames);
    }
}
