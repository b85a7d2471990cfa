using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Probe;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Agents;

/// <summary>Agents as vantage points: real agent processes in namespaces of their own, each seeing its own network.</summary>
[Collection(AgentLabGroup.Name)]
public sealed class AgentVantageTests(AgentLab lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConnectedAgent_IsListedOnline_WithVersionAddressesAndPolicy()
    {
        var alpha = await lab.WaitForAsync("alpha", AgentStatus.Online, a => a.RoundTripMs is not null);

        Assert.Equal("0.1.0", alpha.Version);
        Assert.Contains(lab.Network.AOnDashboardLink.ToString(), alpha.Addresses);
        Assert.Contains("scan", alpha.Capabilities);
        Assert.Contains(AgentLab.LabRange, alpha.Policy);
        Assert.NotNull(alpha.LastSeenAt);
        using var points = await lab.Http.GetAsync("api/vantage-points", Token);
        var list = await points.Content.ReadFromJsonAsync<List<VantagePointInfo>>(Token);
        Assert.Equal("this server", list![0].Name);
        Assert.Contains(list, p => p.Name == "alpha" && p.Online && p.Id == alpha.Id);
    }

    [Fact]
    public async Task ProbeFromAgent_ReachesAPortOnlyItsNamespaceHas_AndTheServerDoesNot()
    {
        var port = FreeLoopbackPort();
        using var onlyInA = AgentNetwork.ListenInside(lab.Network.A, new IPEndPoint(IPAddress.Loopback, port));

        var fromAlpha = await ProbeAsync($"{{\"host\":\"127.0.0.1\",\"port\":{port},\"from\":\"alpha\"}}");
        var alphaById = await ProbeAsync($"{{\"host\":\"127.0.0.1\",\"port\":{port},\"from\":\"{(await lab.WaitForAsync("alpha", AgentStatus.Online)).Id}\"}}");
        var fromServer = await ProbeAsync($"{{\"host\":\"127.0.0.1\",\"port\":{port}}}");

        Assert.Equal((ProbeState.Open, "alpha"), (fromAlpha.State, fromAlpha.From));
        Assert.Equal((ProbeState.Open, "alpha"), (alphaById.State, alphaById.From));
        Assert.Equal((ProbeState.Closed, "this server"), (fromServer.State, fromServer.From));
    }

    [Fact]
    public async Task AgentsLocalPolicy_RefusesATargetTheDashboardAllows()
    {
        var port = FreeLoopbackPort();

        using var refused = await lab.Http.PostJsonAsync("api/probe", $"{{\"host\":\"127.0.0.2\",\"port\":{port},\"from\":\"alpha\"}}", Token);
        using var refusedScan = await lab.Http.PostJsonAsync("api/scans", $"{{\"targets\":\"127.0.0.2\",\"ports\":\"{port}\",\"from\":\"alpha\"}}", Token);
        var fromServer = await ProbeAsync($"{{\"host\":\"127.0.0.2\",\"port\":{port}}}");

        var (status, detail, _) = await refused.ProblemAsync(Token);
        Assert.Equal(403, status);
        Assert.StartsWith("agent alpha: this agent's owner does not allow 127.0.0.2", detail);
        Assert.Equal(403, (await refusedScan.ProblemAsync(Token)).Status);
        Assert.Equal(ProbeState.Closed, fromServer.State);
        Assert.True(await AuditedAsync($"127.0.0.2:{port} from alpha"), "the refused probe is audited with its vantage point");
    }

    [Fact]
    public async Task ResolveAtAnAgent_UsesItsResolver_AndANameThatDoesNotResolveThereThrows()
    {
        var points = lab.Host.Services.GetRequiredService<Dashboard.Web.Vantage.VantagePoints>();
        var alpha = await points.ResolveAsync("alpha", Token);

        var addresses = await alpha.ResolveAsync("localhost", Token);
        var literal = await alpha.ResolveAsync(lab.Network.BOnPath.ToString(), Token);

        Assert.Contains(addresses, IPAddress.IsLoopback);
        Assert.Equal([lab.Network.BOnPath], literal);
        await Assert.ThrowsAsync<SocketException>(() => alpha.ResolveAsync("no-such-host.invalid", Token));
    }

    [Fact]
    public async Task From_UnknownAgent_IsNotFound_NamingTheField()
    {
        using var response = await lab.Http.PostJsonAsync("api/probe", "{\"host\":\"127.0.0.1\",\"port\":1,\"from\":\"nobody\"}", Token);

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal(404, status);
        Assert.StartsWith("from: 'nobody' is not a vantage point", detail);
    }

    // The audit trail is written in batches: wait (generously) for the row.
    private async Task<bool> AuditedAsync(string target)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100, Token))
        {
            using var audit = await lab.Http.GetAsync("api/audit?action=probe", Token);
            if ((await audit.Content.ReadAsStringAsync(Token)).Contains(target, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<ProbeResult> ProbeAsync(string json)
    {
        using var response = await lab.Http.PostJsonAsync("api/probe", json, Token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token));
        return (await response.Content.ReadFromJsonAsync<ProbeResult>(Token))!;
    }

    /// <summary>A port nothing listens on in the test process's namespace (bound and released).</summary>
    internal static int FreeLoopbackPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
