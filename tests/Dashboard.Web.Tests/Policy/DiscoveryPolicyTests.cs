using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Policy;
using Dashboard.Web.Tests.Api;

namespace Dashboard.Web.Tests.Policy;

/// <summary>Host discovery goes through the same rules as the scan: a port the policy denies is never connected to, not even to find a host up.</summary>
public sealed class DiscoveryPolicyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Discovery_NeverConnectsToAPortThePolicyDenies_TheListenerThereSeesNoConnection()
    {
        // A listener on the denied port that never accepts: a connect to it would stay in its queue, seen by a poll.
        using var denied = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        denied.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        denied.Listen(16);
        var deniedPort = ((IPEndPoint)denied.LocalEndPoint!).Port;
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        await using var host = DashboardHost.With(new()
        {
            ["Sockets:Scan:DiscoveryPorts:0"] = deniedPort.ToString(CultureInfo.InvariantCulture),
            ["Sockets:Scan:DiscoveryTimeoutMs"] = "2000",
        });
        using var http = host.Http();
        await host.PutRulesAsync(Token, new PolicyRuleModel("no-admin-port", "deny", ["127.0.0.1"], deniedPort.ToString(CultureInfo.InvariantCulture)));

        using var started = await http.PostAsync("api/scans", new ScanRequest("127.0.0.1", closed.Spec, Discovery: HostDiscovery.On), Token);
        var id = (await started.Content.ReadFromJsonAsync<ScanStatus>(Token))!.ScanId;
        var status = await ScanWaits.FinishedAsync(http, id, Token);
        var xml = await http.GetStringAsync(new Uri($"api/scans/{id}/results.xml", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(ScanState.Completed, status.State);
        Assert.False(denied.Poll(0, SelectMode.SelectRead), $"discovery connected to port {deniedPort}, which the policy denies");
        Assert.Contains("reason=\"conn-refused\"", xml, StringComparison.Ordinal);
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
