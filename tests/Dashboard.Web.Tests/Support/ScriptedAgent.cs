using System.Collections.Concurrent;
using System.Net.Http.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// An agent the test scripts: a real SignalR client on <c>/hubs/agents</c> with a real agent token, speaking the agent
/// protocol as a taken-over agent could (any reply, any chunk). It keeps every command it was sent.
/// </summary>
public sealed class ScriptedAgent : IAsyncDisposable
{
    private readonly HubConnection _connection;

    private ScriptedAgent(HubConnection connection) => _connection = connection;

    /// <summary>Every command the dashboard sent, in order.</summary>
    public ConcurrentQueue<AgentCommand> Commands { get; } = new();

    /// <summary>Makes agent <paramref name="name"/> on <paramref name="host"/> and connects as it, answering each command with <paramref name="answer"/>.</summary>
    public static async Task<ScriptedAgent> StartAsync(DashboardHost host, string name, Func<ScriptedAgent, AgentCommand, Task> answer,
        IReadOnlyList<string>? capabilities = null, CancellationToken cancellationToken = default)
    {
        using var admin = host.Http();
        using var created = await admin.PostJsonAsync("api/agents", $"{{\"name\":\"{name}\"}}", cancellationToken);
        created.EnsureSuccessStatusCode();
        var token = (await created.Content.ReadFromJsonAsync<AgentCreated>(cancellationToken))!.Token;
        return await ConnectAsync(host, name, token, answer, capabilities, cancellationToken);
    }

    /// <summary>Connects to <paramref name="host"/> as the agent whose token is <paramref name="token"/>, answering each command with <paramref name="answer"/>.</summary>
    public static async Task<ScriptedAgent> ConnectAsync(DashboardHost host, string name, string token, Func<ScriptedAgent, AgentCommand, Task> answer,
        IReadOnlyList<string>? capabilities = null, CancellationToken cancellationToken = default)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, AgentHubRoutes.Path.TrimStart('/')), options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .Build();
        var agent = new ScriptedAgent(connection);
        connection.On<AgentCommand>(AgentHubRoutes.Run, command =>
        {
            agent.Commands.Enqueue(command);
            // Off the receive loop, as a real agent answers: a chunk waits for the dashboard's buffer.
            _ = Task.Run(() => answer(agent, command), CancellationToken.None);
            return Task.CompletedTask;
        });
        connection.On<string>(AgentHubRoutes.Cancel, _ => Task.CompletedTask);
        await connection.StartAsync(cancellationToken);
        await connection.InvokeAsync<AgentWelcome>(AgentHubRoutes.Hello,
            new AgentHello(name, "9.9.9", [], capabilities ?? ["probe", "scan", AgentCapabilities.CheckedScans], "anything goes", 8), cancellationToken);
        return agent;
    }

    public Task ReplyAsync(AgentCommand command, object? result) =>
        _connection.InvokeAsync(AgentHubRoutes.Complete, new AgentReply(command.Id, result is null ? null : AgentJson.ToElement(result)));

    public Task ChunkAsync(AgentCommand command, IReadOnlyList<ProbeResult> ports, CompactResults? compact = null, IReadOnlyList<HostResult>? hosts = null) =>
        _connection.InvokeAsync(AgentHubRoutes.ScanChunk, new AgentScanChunk(command.Id, hosts, ports, compact));

    public Task ListenerUpdateAsync(AgentListenerUpdate update) => _connection.InvokeAsync(AgentHubRoutes.ListenerUpdate, update);

    /// <summary>A scan's plan as an honest agent answers it: <paramref name="targets"/> as (label, address), <paramref name="ports"/> ports.</summary>
    public Task ReplyPlanAsync(AgentCommand command, int ports, params (string Label, string Address)[] targets) =>
        ReplyPlanAsync(command, ports, discoverHosts: false, targets);

    /// <summary>The agent's plan of a scan, saying whether it would find out first which hosts are up.</summary>
    public Task ReplyPlanAsync(AgentCommand command, int ports, bool discoverHosts, params (string Label, string Address)[] targets) =>
        ReplyAsync(command, new AgentScanPlan([.. targets.Select(t => new AgentTarget(t.Label, t.Address))], ports, 1_000, 16, discoverHosts));

    /// <summary>A closed port's result as the engine writes it, with <paramref name="message"/>.</summary>
    public static ProbeResult Closed(string host, string address, int port, string message = "connection refused") =>
        new(host, address, port, ProbeState.Closed, 111, "ECONNREFUSED", "ConnectionRefused", message, 0.1, null, null, DateTimeOffset.UtcNow);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
