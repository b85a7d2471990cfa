using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>Listeners at an agent: opened, mirrored here, closed and sent through by commands.</summary>
public sealed partial class RemoteVantagePoint
{
    /// <summary>A unix or unixgram listener only at an agent that has <see cref="AgentCapabilities.UnixListen"/>: it checks the path against the dashboard's directories and its owner's.</summary>
    public async Task<IVantageListener> OpenListenerAsync(ListenerRequest request, string owner, IReadOnlyList<string> allowedUnixDirectories,
        CancellationToken cancellationToken)
    {
        var unix = request.Protocol is ListenerProtocol.Unix or ListenerProtocol.UnixDatagram;
        if (unix)
        {
            RequireConnected();
            if (link.Hello?.Capabilities?.Contains(AgentCapabilities.UnixListen) != true)
            {
                throw RequestRefusedException.Conflict(
                    $"from: agent {name} (version {AgentText.Clean(link.Hello?.Version ?? "unknown", AgentText.MaxName)}) cannot open Unix socket listeners; upgrade the agent");
            }
        }

        var info = await CallAsync<ListenerInfo>(AgentCommandKind.OpenListener,
            new AgentListenerOpen(request with { From = null }, owner) { AllowedUnixDirectories = unix ? allowedUnixDirectories : null }, cancellationToken);
        return await link.FollowAsync(this, info, owner, cancellationToken);
    }

    public IReadOnlyList<IVantageListener> Listeners() => link.Listeners();

    /// <summary>The mirror of one of this agent's listeners.</summary>
    internal RemoteListener Mirror(ListenerInfo info) => listeners.GetOrAdd(agentId, this, info, CloseAsync, SendAsync);

    private async Task CloseAsync(RemoteListener listener, string reason, CancellationToken cancellationToken)
    {
        if (!link.IsConnected)
        {
            listener.Interrupt($"agent {name} is offline");
            return;
        }

        var info = await CallAsync<ListenerInfo>(AgentCommandKind.CloseListener, new AgentListenerClose(listener.Id, reason), cancellationToken);
        listener.Apply(new AgentListenerUpdate(info, []));
    }

    // The agent's own listener code sends, and checks a UDP peer against the agent's policy; the event it answers is
    // taken only as this listener's `sent` event, its texts cleaned and bounded like every event an agent streams.
    private async Task<ListenerEvent> SendAsync(RemoteListener listener, ListenerSendRequest request, string sender, CancellationToken cancellationToken)
    {
        RequireConnected();
        if (link.Hello?.Capabilities?.Contains(AgentCapabilities.ListenerSend) != true)
        {
            throw RequestRefusedException.Conflict(
                $"agent {name} (version {AgentText.Clean(link.Hello?.Version ?? "unknown", AgentText.MaxName)}) cannot send into its listeners' connections; upgrade the agent");
        }

        var sent = await CallAsync<ListenerEvent>(AgentCommandKind.ListenerSend, new AgentListenerSend(listener.Id, request, sender), cancellationToken);
        if (sent.ListenerId != listener.Id || sent.Kind != ListenerEventKind.Sent)
        {
            throw RequestRefusedException.Conflict($"agent {name} answered a send through listener {listener.Id} with something that is not its sent event");
        }

        // Its place in the listener's events is the mirror's to number, when the agent's update brings it.
        return sent with
        {
            Seq = 0, Peer = AgentText.EndPoint(sent.Peer, listener.Info().Protocol), Local = AgentText.EndPoint(sent.Local, listener.Info().Protocol), Message = AgentText.CleanOrNull(sent.Message, AgentText.MaxLine),
        };
    }
}
