using System.Net.Http.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts;
using Dashboard.Contracts.Trace;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Trace;

/// <summary>
/// A trace from a real agent in the client's namespace of a routed path (client - r1 - r2 - r3 - server), through the
/// dashboard: the agent traces, the dashboard checks the target and stores the answer.
/// </summary>
public sealed class TraceAgentTests : IAsyncLifetime
{
    private readonly RoutedTopology _topology = new();
    private DashboardHost _host = null!;
    private HttpClient _http = null!;
    private AgentProcess? _agent;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var dashboardSide = _topology.ConnectClientToHost();
        _host = DashboardHost.AlsoOn([dashboardSide], new() { ["Agents:HeartbeatSeconds"] = "1" });
        _http = _host.Http();
        using var response = await _http.PostJsonAsync("api/agents", "{\"name\":\"tracer\"}", CancellationToken.None);
        var created = (await response.Content.ReadFromJsonAsync<AgentCreated>())!;
        _agent = new AgentProcess(_topology.Client, _host.AddressOn(dashboardSide), created.Token, "tracer-host",
            "--allow-targets", "10.0.0.0/16,fd00::/16");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await _http.GetFromJsonAsync<List<AgentInfo>>(new Uri("api/agents", UriKind.Relative)))!.Single().Status != AgentStatus.Online)
        {
            Assert.True(DateTime.UtcNow < deadline, "the agent did not come online:\n" + _agent.Output);
            await Task.Delay(100);
        }
    }

    [Theory]
    [InlineData("10.0.3.5", "10.0.1.2")]
    [InlineData("fd00:3::5", "fd00:1::2")]
    public async Task TraceFromAgent_ThroughRejectingRouter_NamesTheHop_AndIsStored(string server, string secondRouter)
    {
        _topology.RejectAt(2);

        using var response = await _http.PostJsonAsync("api/trace",
            $"{{\"host\":\"{server}\",\"port\":{RoutedTopology.OpenPort},\"from\":\"tracer\",\"maxHops\":8}}", Token);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token));
        var result = (await response.Content.ReadFromJsonAsync<TraceResult>(Token))!;
        Assert.Equal((TraceOutcome.Unreachable, "tracer"), (result.Outcome, result.From));
        Assert.Equal($"hop 3 ({secondRouter}) says administratively prohibited", result.Verdict);
        Assert.Equal([RoutedTopology.RouterAddress(1, server.Contains(':')), secondRouter, secondRouter], result.Hops.Select(h => h.Address));
        Assert.NotNull(result.Id);
    }

    [Fact]
    public async Task TraceFromAgent_ToOpenPort_ReachesTheServerAtHopFour()
    {
        using var response = await _http.PostJsonAsync("api/trace", $"{{\"host\":\"10.0.3.5\",\"port\":{RoutedTopology.OpenPort},\"from\":\"tracer\"}}", Token);

        var result = (await response.Content.ReadFromJsonAsync<TraceResult>(Token))!;
        Assert.Equal($"reached 10.0.3.5:{RoutedTopology.OpenPort} at hop 4, open: the host accepted the connection", result.Verdict);
    }

    [Fact]
    public async Task TraceFromAgent_HubStream_GetsTheFirstHopWhileTheAgentStillTraces()
    {
        // Router 2 drops what it forwards: hops 1 and 2 answer at once, the SYNs to hops 3 and beyond wait, and the
        // kernel sends them again after 1, 3 and 7 s. The drop is lifted when hop 1 arrives here: only a hop that
        // arrives while the agent still traces lets those SYNs through, and the trace reach the server at hop 4.
        _topology.DropAt(2);
        await using var hub = await _host.ConnectHubAsync(Token);
        var request = new TraceRequest("10.0.3.5", RoutedTopology.OpenPort, MaxHops: 8, Tries: 1, TimeoutMs: 10_000) { From = "tracer" };

        var events = new List<string>();
        TraceResult? result = null;
        await foreach (var update in hub.StreamAsync<TraceUpdate>(ProbeHubRoutes.Trace, request, Token))
        {
            if (update.Hop is { } hop)
            {
                events.Add($"hop {hop.Hop}");
                if (hop.Hop == 1)
                {
                    _topology.ClearRules();
                    events.Add("drop lifted");
                }
            }

            result = update.Result ?? result;
            events.Add(update.Result is null ? "" : "result");
        }

        Assert.Equal(["hop 1", "drop lifted", "hop 2", "hop 3", "hop 4", "result"], events.Where(e => e.Length > 0));
        Assert.Equal(TraceOutcome.Open, result!.Outcome);
    }

    public async ValueTask DisposeAsync()
    {
        _agent?.Dispose();
        _http?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _topology.Dispose();
    }
}
