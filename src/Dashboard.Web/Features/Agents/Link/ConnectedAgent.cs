using System.Collections.Concurrent;
using System.Threading.Channels;
using Dashboard.Contracts.Agents;
using Dashboard.Web.Vantage;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>An agent connected to this dashboard now: its connection, what it said, the commands awaited from it.</summary>
public sealed class ConnectedAgent(string agentId, string name, string connectionId, HubCallerContext context, DateTimeOffset connectedAt)
{
    public string AgentId { get; } = agentId;

    /// <summary>The name its token was made with.</summary>
    public string Name { get; } = name;

    public string ConnectionId { get; } = connectionId;

    public DateTimeOffset ConnectedAt { get; } = connectedAt;

    public AgentHello? Hello { get; set; }

    public DateTimeOffset LastSeenAt { get; set; } = connectedAt;

    public double? RoundTripMs { get; set; }

    /// <summary>When the registry row was last written from a heartbeat.</summary>
    public DateTimeOffset LastStoredAt { get; set; }

    internal ConcurrentDictionary<string, PendingCommand> Pending { get; } = new(StringComparer.Ordinal);

    public int CommandsInFlight => Pending.Count;

    /// <summary>Whether a listener is being opened here now: only then may an update name a listener the dashboard does not know yet.</summary>
    internal bool Opening => Pending.Values.Any(p => p.Kind == AgentCommandKind.OpenListener);

    /// <summary>The dashboard's address this agent's connection arrived on: where the agent reaches this server.</summary>
    public System.Net.IPAddress? DashboardAddress => context.GetHttpContext()?.Connection.LocalIpAddress;

    /// <summary>Ends the connection at once (revoked, or replaced by a newer connection of the same agent).</summary>
    public void Abort() => context.Abort();
}

/// <summary>A command sent to an agent and not answered yet; a scan's results come through <see cref="Chunks"/>.</summary>
internal sealed class PendingCommand(string id, AgentCommandKind kind, Channel<AgentScanChunk>? chunks)
{
    public string Id { get; } = id;

    public AgentCommandKind Kind { get; } = kind;

    public TaskCompletionSource<AgentReply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Channel<AgentScanChunk>? Chunks { get; } = chunks;

    /// <summary>The agent answered, or went away: a scan's stream ends after what it has, or with <paramref name="lost"/>.</summary>
    public void End(AgentReply? reply, Exception? lost = null)
    {
        if (reply is not null)
        {
            Reply.TrySetResult(reply);
            Chunks?.Writer.TryComplete(reply.ErrorKind is { } kind ? new RequestRefusedException(kind, AgentText.Clean(reply.Error ?? "refused", AgentText.MaxLine)) : null);
        }
        else
        {
            var error = lost ?? new VantageLostException("the agent went away");
            Reply.TrySetException(error);
            Chunks?.Writer.TryComplete(error);
        }
    }
}
