using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>
/// How <see cref="RemoteVantagePoint"/> reaches its agent: the agent's connection to this instance
/// (<see cref="ConnectionLink"/>), or, scaled out, the instance the agent is connected to, which forwards each
/// <see cref="AgentCommand"/> as it is. Every check of what the agent answers stays in the vantage point, whichever way.
/// </summary>
internal interface IAgentLink
{
    /// <summary>Whether the agent is connected (here, or at the instance that relays to it).</summary>
    bool IsConnected { get; }

    /// <summary>What the agent said when it connected; null when it is not connected.</summary>
    AgentHello? Hello { get; }

    /// <summary>How long one command may wait for the agent's reply (<c>Agents:CommandTimeoutSeconds</c>).</summary>
    int CommandTimeoutSeconds { get; }

    /// <summary>Sends a command; the returned pending command completes with the agent's reply (and a stream's chunks before it).</summary>
    /// <exception cref="RequestRefusedException">Refused before the agent saw it (offline, too many commands in flight).</exception>
    Task<PendingCommand> SendAsync(AgentCommandKind kind, object payload, bool streams, CancellationToken cancellationToken);

    /// <summary>Asks the agent to stop a command it has not answered yet.</summary>
    Task CancelAsync(string commandId);

    /// <summary>Where a listener the agent opened is followed from now on: a mirror here, or the instance the agent is connected to.</summary>
    Task<IVantageListener> FollowAsync(RemoteVantagePoint vantage, ListenerInfo info, string owner, CancellationToken cancellationToken);

    /// <summary>The agent's listeners followed here.</summary>
    IReadOnlyList<IVantageListener> Listeners();
}

/// <summary>The agent's own connection to this instance.</summary>
internal sealed class ConnectionLink(string agentId, string name, AgentConnections connections, RemoteListeners listeners) : IAgentLink
{
    public bool IsConnected => connections.Find(agentId) is not null;

    public AgentHello? Hello => connections.Find(agentId)?.Hello;

    public int CommandTimeoutSeconds => connections.Options.CommandTimeoutSeconds;

    public Task<PendingCommand> SendAsync(AgentCommandKind kind, object payload, bool streams, CancellationToken cancellationToken) =>
        connections.SendAsync(Connected(), kind, payload, streams, cancellationToken);

    public Task CancelAsync(string commandId) =>
        connections.Find(agentId) is { } agent ? connections.CancelAsync(agent, commandId) : Task.CompletedTask;

    public Task<IVantageListener> FollowAsync(RemoteVantagePoint vantage, ListenerInfo info, string owner, CancellationToken cancellationToken)
    {
        // The dashboard knows who opened it; the agent's word on that is not taken.
        var mirror = vantage.Mirror(info);
        mirror.OwnedBy(owner);
        return Task.FromResult<IVantageListener>(mirror);
    }

    public IReadOnlyList<IVantageListener> Listeners() => [.. listeners.All().Where(l => l.Vantage.Id == agentId)];

    private ConnectedAgent Connected() =>
        connections.Find(agentId) ?? throw RequestRefusedException.Conflict($"from: agent {name} is offline; it must be connected to run work");
}
