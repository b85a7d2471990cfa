using Dashboard.Contracts.Agents;
using Dashboard.Web.Vantage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>
/// <c>/hubs/agents</c>: agents connect here with their agent token (never users: the policy takes only
/// the agent scheme). Agents say hello, beat, answer commands and stream scan chunks and listener events.
/// </summary>
[Authorize(Policy = AgentAuthentication.PolicyName)]
public sealed class AgentHub(AgentConnections connections, AgentRegistry registry, RemoteListeners listeners, VantagePoints points)
    : Microsoft.AspNetCore.SignalR.Hub
{
    private string AgentId => Context.User?.FindFirst(AgentAuthentication.AgentIdClaim)?.Value
        ?? throw new HubException("not an agent");

    private string AgentName => Context.User?.FindFirst(AgentAuthentication.AgentNameClaim)?.Value ?? AgentId;

    public override Task OnConnectedAsync()
    {
        connections.Attach(AgentId, AgentName, Context.ConnectionId, Context);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Detach(Context.ConnectionId, exception is null ? "it disconnected" : "its connection was lost");
        return Task.CompletedTask;
    }

    /// <summary>The agent's first message: what it is. Answered with the name and id it is known by.</summary>
    public async Task<AgentWelcome> Hello(AgentHello hello)
    {
        var agent = connections.ByConnection(Context.ConnectionId) ?? throw new HubException("not connected");
        agent.Hello = AgentRegistry.Bounded(hello);
        await registry.SeenAsync(agent, Context.ConnectionAborted);
        return new AgentWelcome(agent.AgentId, agent.Name, connections.Options.HeartbeatSeconds, [AgentFeatures.CompactScanChunks, AgentFeatures.TraceHopChunks]);
    }

    public async Task Heartbeat(AgentHeartbeat heartbeat)
    {
        if (connections.ByConnection(Context.ConnectionId) is not { } agent)
        {
            return;
        }

        agent.LastSeenAt = DateTimeOffset.UtcNow;
        agent.RoundTripMs = heartbeat.LastRoundTripMs is >= 0 and < 3_600_000 ? heartbeat.LastRoundTripMs : agent.RoundTripMs;
        // Written at most every 30 s: a heartbeat must not become a write per agent every few seconds.
        if (agent.LastSeenAt - agent.LastStoredAt > TimeSpan.FromSeconds(30))
        {
            await registry.SeenAsync(agent, Context.ConnectionAborted);
        }
    }

    public void Complete(AgentReply reply) => connections.Complete(Context.ConnectionId, reply);

    public ValueTask ScanChunk(AgentScanChunk chunk) => connections.ChunkAsync(Context.ConnectionId, chunk, Context.ConnectionAborted);

    public void ListenerUpdate(AgentListenerUpdate update)
    {
        if (listeners.Apply(AgentId, update) || points.IsLocalListener(update.Info.Id))
        {
            return;
        }

        if (connections.ByConnection(Context.ConnectionId) is { Opening: true } agent)
        {
            // The update came before the open reply: the mirror starts from it.
            points.Remote(agent).Mirror(update.Info).Apply(update);
        }
        else
        {
            // The open reply came first but its mirror is not made yet: it takes the update when it is.
            listeners.Park(AgentId, update);
        }
    }
}
