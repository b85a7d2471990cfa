using System.Net.Http.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Features.Agents.Link;
using Dashboard.Web.Features.Policy;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Agents;

/// <summary>
/// A real agent runs only work the dashboard checked: it refuses a target given by name (it would resolve it again,
/// and a name may answer differently the second time), and runs a scan exactly as the policy left it.
/// </summary>
[Collection(AgentLabGroup.Name)]
public sealed class AgentCheckedWorkTests(AgentLab lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheAgent_RefusesTargetsGivenByName_AndTheOlderScanCommand_ResolvingNothing()
    {
        var probe = await SendAsync(AgentCommandKind.Probe, new ProbeRequest("localhost", 1));
        var udp = await SendAsync(AgentCommandKind.Udp, new Dashboard.Contracts.Udp.UdpSendRequest("localhost", 1, "hi"));
        var scan = await SendAsync(AgentCommandKind.RunScan, new AgentScanOrder([new AgentTarget("localhost", "localhost")], [1], 1_000, 4, false));
        var older = await SendAsync(AgentCommandKind.Scan, new ScanRequest("127.0.0.1", "1"));
        var tcpSend = await SendAsync(AgentCommandKind.TcpSend, new TcpSendRequest("localhost", 1, "aGk=", 1_000));
        var listen = await SendAsync(AgentCommandKind.OpenListener,
            new AgentListenerOpen(new Dashboard.Contracts.Listeners.ListenerRequest(Dashboard.Contracts.Listeners.ListenerProtocol.Tcp, "localhost", 0), "tester"));

        Assert.Equal((ErrorKind.Invalid, "host must be an IP address: this agent runs only work whose addresses the dashboard resolved and checked, and resolves no target's name; got 'localhost'"),
            (probe.ErrorKind, probe.Error));
        Assert.Equal((ErrorKind.Invalid, probe.Error), (udp.ErrorKind, udp.Error));
        Assert.Equal((ErrorKind.Invalid, probe.Error), (tcpSend.ErrorKind, tcpSend.Error));
        Assert.Equal(ErrorKind.Invalid, listen.ErrorKind);
        Assert.StartsWith("bindAddress must be an IP address", listen.Error);
        Assert.Equal((ErrorKind.Invalid, "targets must be an IP address: this agent runs only work whose addresses the dashboard resolved and checked, and resolves no target's name; got 'localhost'"),
            (scan.ErrorKind, scan.Error));
        Assert.Equal(ErrorKind.Invalid, older.ErrorKind);
        Assert.StartsWith("the 'scan' command (a request this agent would resolve again) is refused", older.Error);
    }

    [Fact]
    public async Task AScanFromAnAgent_WithAnAddressAndAPortDeniedByPolicy_SkipsAndCountsThem()
    {
        await lab.Host.PutRulesAsync(Token,
            new PolicyRuleModel("no-21", "deny", ["127.0.0.1/32"], Ports: "21"), PolicyHosts.Deny("no-a", $"{lab.Network.AOnPath}/32"));
        try
        {
            using var started = await lab.Http.PostJsonAsync("api/scans",
                $"{{\"targets\":\"127.0.0.1,{lab.Network.AOnPath}\",\"ports\":\"20-22\",\"discovery\":\"off\",\"from\":\"alpha\"}}", Token);
            Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(Token));
            var scan = started.Headers.Location!.OriginalString.TrimStart('/');
            var status = await WaitAsync(scan);
            var results = (await lab.Http.GetFromJsonAsync<ResultsPage>(new Uri($"{scan}/results", UriKind.Relative), Token))!.Results;

            Assert.Equal((ScanState.Completed, null), (status.State, status.Reason));
            Assert.Equal((1, 2L, 2L, 1, 1), (status.Addresses, status.Total, status.Completed, status.DeniedAddresses, status.DeniedPorts));
            Assert.Equal([20, 22], results.Select(r => r.Port).Order());
            Assert.All(results, r => Assert.Equal("127.0.0.1", r.Address));
        }
        finally
        {
            await lab.Host.PutRulesAsync(Token);
        }
    }

    private async Task<AgentReply> SendAsync(AgentCommandKind kind, object payload)
    {
        var connections = lab.Host.Services.GetRequiredService<AgentConnections>();
        await lab.WaitForAsync("alpha", AgentStatus.Online);
        var alpha = connections.Find("alpha") ?? throw new InvalidOperationException("alpha is not connected");
        var pending = await connections.SendAsync(alpha, kind, payload, streams: false, Token);
        return await pending.Reply.Task.WaitAsync(TimeSpan.FromMinutes(1), Token);
    }

    private async Task<ScanStatus> WaitAsync(string scan)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var status = (await lab.Http.GetFromJsonAsync<ScanStatus>(new Uri(scan, UriKind.Relative), Token))!;
            if (status.State != ScanState.Running)
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, "the scan did not end within a minute");
            await Task.Delay(100, Token);
        }
    }

    private sealed record ResultsPage(List<ProbeResult> Results);
}
