using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>
/// The dashboard's mirror of a listener on an agent: the agent streams its events and counters here,
/// and watchers read them as they read a local listener's, from the same bounded event log.
/// </summary>
public sealed class RemoteListener : IVantageListener
{
    private readonly ListenerEventRing _events;
    private readonly Lock _gate = new();
    private readonly Func<RemoteListener, string, CancellationToken, Task> _close;
    private readonly Func<RemoteListener, ListenerSendRequest, string, CancellationToken, Task<ListenerEvent>> _send;
    private ListenerInfo _info;

    internal RemoteListener(string agentId, IVantagePoint vantage, ListenerInfo info, ListenerOptions options,
        Func<RemoteListener, string, CancellationToken, Task> close, Func<RemoteListener, ListenerSendRequest, string, CancellationToken, Task<ListenerEvent>> send)
    {
        AgentId = agentId;
        Vantage = vantage;
        _info = info with { From = vantage.Name };
        _close = close;
        _send = send;
        _events = new ListenerEventRing(options.HistoryEvents, options.WatcherBuffer);
        if (info.State != ListenerState.Listening)
        {
            _events.Complete();
        }
    }

    public string AgentId { get; }

    public string Id => _info.Id;

    public string Owner => _info.Owner;

    public bool IsStopped => Info().State != ListenerState.Listening;

    public DateTimeOffset CreatedAt => _info.CreatedAt;

    public IVantagePoint Vantage { get; }

    public int Watching => _events.Watching;

    public ListenerInfo Info()
    {
        lock (_gate)
        {
            return _info;
        }
    }

    /// <summary>What the agent sent: new events, then the counters after them.</summary>
    internal void Apply(AgentListenerUpdate update)
    {
        lock (_gate)
        {
            if (_info.State != ListenerState.Listening)
            {
                return;
            }

            // What the agent says is shown to watchers: its endpoints must be endpoints, its sentences clean and bounded.
            var events = update.Events ?? [];
            foreach (var e in events.Where(e => e is not null && e.Kind != ListenerEventKind.Missed))
            {
                _events.Publish(seq => e with
                {
                    ListenerId = Id, Seq = seq, Peer = AgentText.EndPoint(e.Peer, _info.Protocol), Local = AgentText.EndPoint(e.Local, _info.Protocol),
                    Message = AgentText.CleanOrNull(e.Message, AgentText.MaxLine),
                });
            }

            _info = update.Info with
            {
                From = Vantage.Name, Id = Id, Owner = _info.Owner, Protocol = _info.Protocol,
                LocalEndPoint = AgentText.EndPoint(update.Info.LocalEndPoint, _info.Protocol) ?? _info.LocalEndPoint,
                StoppedReason = AgentText.CleanOrNull(update.Info.StoppedReason, AgentText.MaxLine),
            };
            var stoppedEvent = events.Any(e => e?.Kind == ListenerEventKind.Stopped);
            if (_info.State != ListenerState.Listening || stoppedEvent)
            {
                _info = _info.State == ListenerState.Listening ? _info with { State = ListenerState.Stopped } : _info;
                if (!stoppedEvent)
                {
                    // The close reply came before the agent's last event: watchers are still told why.
                    _events.Publish(seq => new ListenerEvent(Id, seq, ListenerEventKind.Stopped, null, null, _info.LocalEndPoint, 0, null, null,
                        DateTimeOffset.UtcNow, $"stopped: {_info.StoppedReason}", false));
                }

                _events.Complete();
            }
        }
    }

    /// <summary>Who opened it, as the dashboard knows it.</summary>
    internal void OwnedBy(string owner)
    {
        lock (_gate)
        {
            _info = _info with { Owner = owner };
        }
    }

    /// <summary>The agent dropped: the listener is gone with it.</summary>
    internal void Interrupt(string reason)
    {
        lock (_gate)
        {
            if (_info.State != ListenerState.Listening)
            {
                return;
            }

            _info = _info with { State = ListenerState.Interrupted, StoppedReason = reason };
            _events.Publish(seq => new ListenerEvent(Id, seq, ListenerEventKind.Stopped, null, null, _info.LocalEndPoint, 0, null, null,
                DateTimeOffset.UtcNow, $"interrupted: {reason}", false));
            _events.Complete();
        }
    }

    public IAsyncEnumerable<ListenerEvent> WatchAsync(CancellationToken cancellationToken) => _events.WatchAsync(Missed, cancellationToken);

    public IReadOnlyList<ListenerEvent> EventsAfter(long after, int max) => _events.After(after, max);

    public Task StopAsync(string reason, CancellationToken cancellationToken) => IsStopped ? Task.CompletedTask : _close(this, reason, cancellationToken);

    public Task<ListenerEvent> SendAsync(ListenerSendRequest request, string sender, CancellationToken cancellationToken) =>
        IsStopped
            ? throw RequestRefusedException.Conflict($"listener {Id} has stopped: nothing can be sent through it")
            : _send(this, request, sender, cancellationToken);

    private ListenerEvent Missed(long count) =>
        new(Id, 0, ListenerEventKind.Missed, null, null, _info.LocalEndPoint, (int)Math.Min(count, int.MaxValue), null, null, DateTimeOffset.UtcNow,
            $"this watcher fell behind and missed {count} events (the listener's counters still count them)");
}
