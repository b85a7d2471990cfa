using System.Net.Http.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Paths;

namespace Dashboard.Web.Tests.Features.Agents;

/// <summary>
/// The dashboard's own ports are refused to listeners on this server only: an agent's host is another machine,
/// where the agent's owner's policy (<c>--listen-ports</c>) governs its ports.
/// </summary>
[Collection(AgentLabGroup.Name)]
public sealed class AgentListenerPortTests(AgentLab lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDashboardsOwnPortNumber_IsRefusedHere_AndOpensOnAnAgent()
    {
        var port = lab.Host.BaseAddress.Port;

        using var here = await lab.Http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"tcp\",\"port\":{port}}}", Token);
        using var atAlpha = await lab.Http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"tcp\",\"port\":{port},\"from\":\"alpha\"}}", Token);

        var (status, detail, _) = await here.ProblemAsync(Token);
        Assert.Equal((403, $"port {port} is the dashboard's own port: listeners may not bind it on any address"), (status, detail));
        Assert.True(atAlpha.IsSuccessStatusCode, await atAlpha.Content.ReadAsStringAsync(Token));
        var opened = (await atAlpha.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;
        Assert.Equal("alpha", opened.From);
        Assert.EndsWith($":{port}", opened.LocalEndPoint, StringComparison.Ordinal);
        using var closed = await lab.Http.DeleteAsync($"api/listeners/{opened.Id}", Token);
        closed.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task PathCheck_ToAnAgent_MayUseTheDashboardsPortNumber_ToThisServerNot()
    {
        var port = lab.Host.BaseAddress.Port;

        using var toBravo = await lab.Http.PostJsonAsync("api/paths/check",
            $"{{\"from\":\"alpha\",\"to\":\"bravo\",\"port\":{port},\"host\":\"{lab.Network.BOnPath}\",\"timeoutMs\":5000}}", Token);
        using var toServer = await lab.Http.PostJsonAsync("api/paths/check",
            $"{{\"from\":\"alpha\",\"port\":{port},\"host\":\"{lab.Network.DashboardSideA}\",\"timeoutMs\":5000}}", Token);

        Assert.True(toBravo.IsSuccessStatusCode, await toBravo.Content.ReadAsStringAsync(Token) + lab.Output);
        var check = (await toBravo.Content.ReadFromJsonAsync<PathCheckResult>(Token))!;
        Assert.Equal((PathExpectation.Reachable, true, true), (check.Outcome, check.Arrived, check.PayloadIntact));
        var (status, detail, _) = await toServer.ProblemAsync(Token);
        Assert.Equal((403, $"this server: port {port} is the dashboard's own port: listeners may not bind it on any address"), (status, detail));
    }

    [Fact]
    public async Task AnAgentsOwnListenPorts_DecideThere_WhateverTheDashboardAllows()
    {
        var (_, process) = await lab.StartAgentAsync("ports-owner", lab.Network.B, lab.Network.DashboardSideB,
            "--allow-targets", AgentLab.LabRange, "--listen-ports", "1030-1039");
        await lab.WaitForAsync("ports-owner", AgentStatus.Online);
        var dashboardPort = lab.Host.BaseAddress.Port;

        using var outside = await lab.Http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"tcp\",\"port\":{dashboardPort},\"from\":\"ports-owner\"}}", Token);
        using var inside = await lab.Http.PostJsonAsync("api/listeners", "{\"protocol\":\"udp\",\"port\":1035,\"from\":\"ports-owner\"}", Token);

        var (status, detail, _) = await outside.ProblemAsync(Token);
        Assert.Equal((403, $"agent ports-owner: this agent's owner does not allow listening on port {dashboardPort} (--listen-ports)"), (status, detail));
        Assert.True(inside.IsSuccessStatusCode, await inside.Content.ReadAsStringAsync(Token) + process.Output);
        var opened = (await inside.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;
        using var closed = await lab.Http.DeleteAsync($"api/listeners/{opened.Id}", Token);
        closed.EnsureSuccessStatusCode();
    }
}
