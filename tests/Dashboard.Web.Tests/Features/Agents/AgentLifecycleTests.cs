using System.Net.Http.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Scan;

namespace Dashboard.Web.Tests.Features.Agents;

/// <summary>Agents that go away: revoked by an Admin, or killed in the middle of a scan.</summary>
[Collection(AgentLabGroup.Name)]
public sealed class AgentLifecycleTests(AgentLab lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RevokedAgent_IsDisconnectedAtOnce_AndRefusedWhenItComesBack()
    {
        var (delta, process) = await lab.StartAgentAsync("delta", lab.Network.B, lab.Network.DashboardSideB, "--allow-targets", AgentLab.LabRange);
        await lab.WaitForAsync("delta", AgentStatus.Online);

        using var revoked = await lab.Http.DeleteAsync($"api/agents/{delta.Id}", Token);
        using var probe = await lab.Http.PostJsonAsync("api/probe", "{\"host\":\"127.0.0.1\",\"port\":1,\"from\":\"delta\"}", Token);

        Assert.Equal(AgentStatus.Revoked, (await revoked.Content.ReadFromJsonAsync<AgentInfo>(Token))!.Status);
        var (status, detail, _) = await probe.ProblemAsync(Token);
        Assert.Equal((403, "from: agent delta was revoked"), (status, detail));
        using var points = await lab.Http.GetAsync("api/vantage-points", Token);
        Assert.DoesNotContain(await points.Content.ReadFromJsonAsync<List<VantagePointInfo>>(Token) ?? [], p => p.Name == "delta");
        await WaitUntilAsync(() => process.Output.Contains("401", StringComparison.Ordinal));
        Assert.Equal(AgentStatus.Revoked, (await lab.AgentsAsync()).Single(a => a.Name == "delta").Status);
    }

    [Fact]
    public async Task AgentKilledMidScan_LeavesTheScanInterrupted_WithEveryResultItSent_AndItsListenersInterrupted()
    {
        var (_, charlie) = await lab.StartAgentAsync("charlie", lab.Network.A, lab.Network.DashboardSideA, "--allow-targets", AgentLab.LabRange);
        await lab.WaitForAsync("charlie", AgentStatus.Online);
        using var slow = lab.Network.DropRouterPortsAbove(300);
        using var listener = await lab.Http.PostJsonAsync("api/listeners", "{\"protocol\":\"tcp\",\"port\":0,\"from\":\"charlie\"}", Token);
        var listenerId = (await listener.Content.ReadFromJsonAsync<ListenerInfo>(Token))!.Id;
        using var started = await lab.Http.PostJsonAsync("api/scans",
            $"{{\"targets\":\"{lab.Network.RouterTowardA}\",\"ports\":\"1-3000\",\"timeoutMs\":2000,\"concurrency\":16,\"from\":\"charlie\"}}", Token);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(Token));
        var scan = started.Headers.Location!.OriginalString.TrimStart('/');
        await WaitUntilAsync(async () => (await StatusAsync(scan)).Completed >= 20);

        charlie.Kill();
        await WaitUntilAsync(async () => (await StatusAsync(scan)).State != ScanState.Running);

        var status = await StatusAsync(scan);
        Assert.Equal(ScanState.Interrupted, status.State);
        Assert.Equal("charlie", status.From);
        Assert.Contains("agent charlie dropped", status.Reason);
        Assert.InRange(status.Completed, 20, 2999);
        using var results = await lab.Http.GetAsync($"{scan}/results?pageSize=10000", Token);
        var page = await results.Content.ReadFromJsonAsync<ScanResultsPageView>(Token);
        Assert.Equal(status.Completed, page!.Results.Count);
        var stopped = await lab.Http.GetFromJsonAsync<ListenerInfo>(new Uri($"api/listeners/{listenerId}", UriKind.Relative), Token);
        Assert.Equal((ListenerState.Interrupted, "agent charlie dropped"), (stopped!.State, stopped.StoppedReason));
    }

    private async Task<ScanStatus> StatusAsync(string scan) =>
        (await lab.Http.GetFromJsonAsync<ScanStatus>(new Uri(scan, UriKind.Relative), Token))!;

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(1); !await condition(); await Task.Delay(100, Token))
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within a minute");
        }
    }

    private sealed record ScanResultsPageView(List<Contracts.Probe.ProbeResult> Results);
}
