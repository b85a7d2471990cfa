using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Dashboard.Contracts.Agents;
using Dashboard.Web.Vantage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>
/// The agents connected to this dashboard process, and the commands awaited from each. Only live
/// connections are here (a connection belongs to one process); what must outlive it or be shared
/// with other dashboards is in the <c>Agents</c> table.
/// </summary>
public sealed class AgentConnections(IHubContext<AgentHub> hub, IOptions<AgentHubOptions> options, RemoteListeners listeners, TimeProvider time,
    ILogger<AgentConnections> logger)
{
    private readonly ConcurrentDictionary<string, ConnectedAgent> _byAgent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConnectedAgent> _byConnection = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public AgentHubOptions Options => options.Value;

    public int Count => _byAgent.Count;

    /// <summary>A newly connected agent; an older connection of the same agent is dropped.</summary>
    public ConnectedAgent Attach(string agentId, string name, string connectionId, HubCallerContext context)
    {
        var agent = new ConnectedAgent(agentId, name, connectionId, context, time.GetUtcNow());
        ConnectedAgent? replaced;
        lock (_gate)
        {
            _byAgent.TryGetValue(agentId, out replaced);
            _byAgent[agentId] = agent;
            _byConnection[connectionId] = agent;
        }

        if (replaced is not null)
        {
            Drop(replaced, $"agent {name} connected again");
            replaced.Abort();
        }

        AgentHubLog.Connected(logger, agentId, name, connectionId);
        return agent;
    }

    /// <summary>The connection ended: every command awaited from it ends as lost, its listeners as interrupted.</summary>
    public void Detach(string connectionId, string reason)
    {
        ConnectedAgent? agent;
        lock (_gate)
        {
            if (!_byConnection.TryRemove(connectionId, out agent))
            {
                return;
            }

            if (_byAgent.TryGetValue(agent.AgentId, out var current) && current == agent)
            {
                _byAgent.TryRemove(agent.AgentId, out _);
            }
        }

        Drop(agent, reason);
        AgentHubLog.Disconnected(logger, agent.AgentId, agent.Name, reason);
    }

    private void Drop(ConnectedAgent agent, string reason)
    {
        var lost = new VantageLostException($"agent {agent.Name} dropped: {reason}");
        foreach (var pending in agent.Pending.Values)
        {
            pending.End(null, lost);
        }

        agent.Pending.Clear();
        listeners.Interrupt(agent.AgentId, $"agent {agent.Name} dropped");
    }

    /// <summary>The connected agent with this id or name.</summary>
    public ConnectedAgent? Find(string idOrName) =>
        _byAgent.TryGetValue(idOrName, out var byId)
            ? byId
            : _byAgent.Values.FirstOrDefault(a => string.Equals(a.Name, idOrName, StringComparison.OrdinalIgnoreCase));

    public ConnectedAgent? ByConnection(string connectionId) => _byConnection.GetValueOrDefault(connectionId);

    public IReadOnlyList<ConnectedAgent> All() => [.. _byAgent.Values];

    /// <summary>Revoked: its connection ends now.</summary>
    public void Disconnect(string agentId)
    {
        if (_byAgent.TryGetValue(agentId, out var agent))
        {
            Detach(agent.ConnectionId, "its token was revoked");
            agent.Abort();
        }
    }

    /// <summary>Sends a command; the returned pending command completes with the agent's reply.</summary>
    /// <exception cref="RequestRefusedException">Limit reached: too many commands in flight to this agent.</exception>
    internal async Task<PendingCommand> SendAsync(ConnectedAgent agent, AgentCommandKind kind, object payload, bool streams,
        CancellationToken cancellationToken)
    {
        if (agent.Pending.Count >= Options.MaxCommandsInFlight)
        {
            throw RequestRefusedException.LimitReached(
                $"agent {agent.Name} has {agent.Pending.Count} commands in flight, the most the dashboard sends one agent ({AgentHubOptions.Section}:MaxCommandsInFlight); try again shortly",
                TimeSpan.FromSeconds(1));
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var chunks = streams
            ? Channel.CreateBounded<AgentScanChunk>(new BoundedChannelOptions(Options.ScanChunkBuffer) { SingleReader = true, SingleWriter = true })
            : null;
        var pending = new PendingCommand(id, kind, chunks);
        agent.Pending[id] = pending;
        if (!_byConnection.ContainsKey(agent.ConnectionId))
        {
            agent.Pending.TryRemove(id, out _);
            throw new VantageLostException($"agent {agent.Name} dropped");
        }

        try
        {
            await hub.Clients.Client(agent.ConnectionId).SendAsync(AgentHubRoutes.Run, new AgentCommand(id, kind, AgentJson.ToElement(payload)),
                cancellationToken);
        }
        catch
        {
            agent.Pending.TryRemove(id, out _);
            throw;
        }

        return pending;
    }

    /// <summary>Asks the agent to stop a command (a scan whose watchers or owner cancelled it).</summary>
    internal async Task CancelAsync(ConnectedAgent agent, string commandId)
    {
        agent.Pending.TryRemove(commandId, out _);
        try
        {
            await hub.Clients.Client(agent.ConnectionId).SendAsync(AgentHubRoutes.Cancel, commandId);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // The agent is gone; it stopped everything itself.
        }
    }

    internal void Complete(string connectionId, AgentReply reply)
    {
        if (ByConnection(connectionId) is { } agent && agent.Pending.TryRemove(reply.CommandId, out var pending))
        {
            pending.End(reply);
        }
    }

    internal async ValueTask ChunkAsync(string connectionId, AgentScanChunk chunk, CancellationToken cancellationToken)
    {
        if (ByConnection(connectionId) is { } agent && agent.Pending.TryGetValue(chunk.CommandId, out var pending) && pending.Chunks is { } chunks)
        {
            try
            {
                // Waits while the scan's buffer is full: the agent's next chunk waits, and so does its scan.
                await chunks.Writer.WriteAsync(chunk, cancellationToken);
            }
            catch (ChannelClosedException)
            {
                // The scan ended here (cancelled): the rest is not wanted.
            }
        }
    }
}
