using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Features.Policy;

namespace Dashboard.Web.Tests.Features.Policy;

/// <summary>Host discovery goes through the same rules as the scan: a port the policy denies is never connected to, not even to find a host up.</summary>
public sealed class DiscoveryPolicyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Discovery_NeverConnectsToAPortThePolicyDenies_TheHostThereAcceptsNoConnection()
    {
        // The target is a namespace of the test's own; its kernel counts every connection that completes to a listener there.
        using var link = new OwnLink();
        var deniedPort = 2222;
        using var denied = link.ListenInside(deniedPort);
        // Neither ICMP nor ARP may decide the host first: discovery's connects are what is tested.
        link.IgnorePings();
        await using var host = DashboardHost.With(new()
        {
            ["Sockets:Scan:UseArp"] = "false",
            ["Sockets:Scan:DiscoveryPorts:0"] = deniedPort.ToString(CultureInfo.InvariantCulture),
            ["Sockets:Scan:DiscoveryTimeoutMs"] = "2000",
        });
        using var http = host.Http();
        var target = link.NamespaceSide.ToString();
        await host.PutRulesAsync(Token, new PolicyRuleModel("no-admin-port", "deny", [target], deniedPort.ToString(CultureInfo.InvariantCulture)));
        var opensBefore = link.PassiveOpens();

        // Port 9: nothing listens there in the namespace, so it refuses, which proves the host up.
        using var started = await http.PostAsync("api/scans", new ScanRequest(target, "9", Discovery: HostDiscovery.On), Token);
        var id = (await started.Content.ReadFromJsonAsync<ScanStatus>(Token))!.ScanId;
        var status = await ScanWaits.FinishedAsync(http, id, Token);
        var xml = await http.GetStringAsync(new Uri($"api/scans/{id}/results.xml", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(ScanState.Completed, status.State);
        Assert.Equal(opensBefore, link.PassiveOpens());
        Assert.Contains("<status state=\"up\" reason=\"conn-refused\"", xml, StringComparison.Ordinal);
        Assert.DoesNotContain($"portid=\"{deniedPort}\"", xml, StringComparison.Ordinal);
    }
}

/// <summary>Waiting for a scan started over REST to end.</summary>
internal static class ScanWaits
{
    public static async Task<ScanStatus> FinishedAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = (await http.GetFromJsonAsync<ScanStatus>(new Uri($"api/scans/{id}", UriKind.Relative), cancellationToken))!;
            if (status.State != ScanState.Running)
            {
                return status;
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
