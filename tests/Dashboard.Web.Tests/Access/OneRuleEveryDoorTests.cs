using Bunit;
using Dashboard.Contracts;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Scan;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Access;

/// <summary>The hub, the REST API and the UI reach the same service, so a rule says the same through each.</summary>
public sealed class OneRuleEveryDoorTests(DashboardHost host) : DashboardUiContext, IClassFixture<DashboardHost>
{
    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProbePort70000_IsRefusedWithTheSameMessageThroughHubRestAndUi()
    {
        const string rule = "port must be 1-65535, got 70000";
        await using var hub = await host.ConnectHubAsync(Token);
        using var http = ApiClient.For(host);

        var hubError = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", 70000), Token));
        using var response = await http.PostAsync("api/probe", new ProbeRequest("127.0.0.1", 70000), Token);
        var page = Render<ProbePage>();
        page.Find("input#probe-host").Input("127.0.0.1");
        page.Find("input#probe-port").Input("70000");
        page.Find("#probe-submit").Click();

        // SignalR puts its own sentence before a HubException's message; the rule is the rest, as it is.
        Assert.EndsWith($"HubException: {rule}", hubError.Message, StringComparison.Ordinal);
        Assert.Equal(rule, (await response.ProblemAsync(Token)).Detail);
        // The same rule on the page, naming the field by the label the user sees on the form.
        page.WaitForAssertion(() => Assert.Equal("Port must be 1-65535, got 70000", string.Join(" | ", page.FindAll(".mud-input-helper-text.mud-input-error, .mud-input-error .mud-input-helper-text").Select(e => e.TextContent))));
    }

    [Fact]
    public async Task ScanPortsOutOfRange_IsRefusedWithTheSameMessageThroughHubRestAndUi()
    {
        const string rule = "ports: '99999' is outside 1-65535";
        await using var hub = await host.ConnectHubAsync(Token);
        using var http = ApiClient.For(host);

        var hubError = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in hub.StreamAsync<ScanBatch>(ProbeHubRoutes.Scan, new ScanRequest("127.0.0.1", "99999"), Token))
            {
            }
        });
        using var response = await http.PostAsync("api/scans", new ScanRequest("127.0.0.1", "99999"), Token);
        var page = Render<ScanPage>();
        page.Find("input#scan-targets").Input("127.0.0.1");
        page.Find("input#scan-ports").Input("99999");
        page.Find("#scan-start").Click();

        Assert.Contains($"HubException: {rule}", hubError.Message, StringComparison.Ordinal);
        Assert.StartsWith(rule, (await response.ProblemAsync(Token)).Detail, StringComparison.Ordinal);
        // The same rule on the page, naming the field by the label the user sees on the form.
        page.WaitForAssertion(() => Assert.StartsWith("Ports: '99999' is outside 1-65535",
            string.Join(" | ", page.FindAll(".mud-input-helper-text.mud-input-error, .mud-input-error .mud-input-helper-text").Select(e => e.TextContent)),
            StringComparison.Ordinal));
    }
}
