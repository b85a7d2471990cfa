using System.Runtime.CompilerServices;
using System.Text.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Features.Agents.Link;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// The answering side of <see cref="PeerBus"/>: what another instance asks of this one, on what runs here (an agent
/// connected here, a listener or a scan of this process). The asking instance has already applied every rule (role,
/// policy, quota, audit) at its door, and checks what an agent answers itself; here the work is only done.
/// </summary>
internal sealed class PeerHandlers(ScanJobs scans, VantagePoints points, AgentConnections agents)
{
    /// <summary>The error kind of work whose vantage point went away.</summary>
    public const string Lost = "lost";

    public async Task<object?> CallAsync(PeerCall call, CancellationToken cancellationToken) => call switch
    {
        CancelScan cancel => CancelScan(cancel),
        ListListeners => points.Listeners().Select(l => l.Info()).ToArray(),
        FindListener find => FindListener(find.ListenerId)?.Info(),
        ReadListenerEvents read => points.Listener(read.ListenerId)
            .EventsAfter(read.After, Math.Clamp(read.Max, 1, Features.Listeners.ListenerService.MaxEventsPerRead)).ToArray(),
        StopListener stop => await StopListenerAsync(stop, cancellationToken),
        SendToListener send => await points.Listener(send.ListenerId).SendAsync(send.Request, send.Sender, cancellationToken),
        GreetingOfAgent greeting => agents.Find(greeting.AgentId)?.Hello,
        DisconnectAgent disconnect => Disconnect(disconnect.AgentId),
        FollowAgentListener follow => Follow(follow),
        _ => throw new InvalidRequestException($"call must be one this instance answers with a reply, got {call.GetType().Name}"),
    };

    public IAsyncEnumerable<object> StreamAsync(PeerCall call, CancellationToken cancellationToken) => call switch
    {
        WatchListener watch => Boxed(points.Listener(watch.ListenerId).WatchAsync(cancellationToken), cancellationToken),
        RelayToAgent relay => Boxed(RelayAsync(relay, cancellationToken), cancellationToken),
        _ => throw new InvalidRequestException($"call must be a stream this instance answers, got {call.GetType().Name}"),
    };

    // Its updates arrive at this instance's hub: the mirror that keeps them knows who opened it, as the caller does.
    private ListenerInfo? Follow(FollowAgentListener follow)
    {
        if (agents.Find(follow.AgentId) is not { } agent)
        {
            return null;
        }

        var mirror = points.Remote(agent).Mirror(follow.Info);
        mirror.OwnedBy(follow.Owner);
        return mirror.Info();
    }

    private bool Disconnect(string agentId)
    {
        var connected = agents.Find(agentId) is not null;
        agents.Disconnect(agentId);
        return connected;
    }

    private bool CancelScan(CancelScan cancel)
    {
        // Only scans of this process: a stored one (or another instance's mirror) is not this instance's to stop.
        var job = scans.Recent().FirstOrDefault(j => j.Id == cancel.ScanId);
        job?.Cancel(cancel.Reason);
        return job is not null;
    }

    private async Task<ListenerInfo> StopListenerAsync(StopListener stop, CancellationToken cancellationToken)
    {
        var listener = points.Listener(stop.ListenerId);
        await listener.StopAsync(stop.Reason, cancellationToken);
        return listener.Info();
    }

    private IVantageListener? FindListener(string id)
    {
        try
        {
            return points.Listener(id);
        }
        catch (RequestRefusedException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends the command to the agent as it is, whatever its kind, and relays what the agent answers: its chunks, then its
    /// reply, under the caller's command id.
    /// </summary>
    private async IAsyncEnumerable<AgentRelayed> RelayAsync(RelayToAgent relay, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var agent = agents.Find(relay.AgentId)
            ?? throw RequestRefusedException.Conflict($"from: agent {relay.AgentId} is no longer connected to the instance it was connected to; try again");
        var command = relay.Command;
        var pending = await agents.SendAsync(agent, command.Kind, command.Payload, streams: true, cancellationToken);
        try
        {
            var chunks = pending.Chunks!.Reader;
            while (await NextAsync(chunks, cancellationToken) is { } chunk)
            {
                yield return new AgentRelayed(Chunk: chunk with { CommandId = command.Id });
            }

            var reply = await pending.Reply.Task.WaitAsync(cancellationToken);
            yield return new AgentRelayed(Reply: reply with { CommandId = command.Id });
        }
        finally
        {
            if (!pending.Reply.Task.IsCompleted)
            {
                await agents.CancelAsync(agent, pending.Id);
            }
        }
    }

    // The chunks until the agent's reply; a refusal or loss is the reply's to report.
    private static async Task<AgentScanChunk?> NextAsync(System.Threading.Channels.ChannelReader<AgentScanChunk> chunks, CancellationToken cancellationToken)
    {
        try
        {
            return await chunks.WaitToReadAsync(cancellationToken) && chunks.TryRead(out var chunk) ? chunk : null;
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            return null;
        }
        catch (Exception e) when (e is RequestRefusedException or VantageLostException)
        {
            return null;
        }
    }

    private static async IAsyncEnumerable<object> Boxed<T>(IAsyncEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            yield return item!;
        }
    }

    /// <summary>The error to send back for <paramref name="e"/>, or null for a failure to log.</summary>
    public static (string Kind, string Message)? ErrorOf(Exception e) => e switch
    {
        RequestRefusedException refused => (refused.Kind.ToString(), refused.Message),
        VantageLostException lost => (Lost, lost.Message),
        JsonException => (nameof(ErrorKind.Invalid), "the request from the other instance could not be read"),
        _ => null,
    };
}
