using System.Collections.Concurrent;
using Dashboard.Contracts.Agents;
using Dashboard.Sockets.Listeners;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>The mirrors of agents' listeners, open and recently stopped, at most <see cref="AgentHubOptions.MaxMirroredListeners"/>.</summary>
public sealed class RemoteListeners(IOptions<AgentHubOptions> options, IOptions<ListenerOptions> listenerOptions)
{
    /// <summary>How many updates that came before their listener's mirror are kept for it, and for how long.</summary>
    public const int MaxParked = 64;

    public static readonly TimeSpan ParkedFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, RemoteListener> _mirrors = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Queue<(string AgentId, AgentListenerUpdate Update, long At)> _parked = new();

    /// <summary>The mirror of a listener an agent reported (its open reply or its first update, whichever came first).</summary>
    internal RemoteListener GetOrAdd(string agentId, IVantagePoint vantage, Contracts.Listeners.ListenerInfo info,
        Func<RemoteListener, string, CancellationToken, Task> close, Func<RemoteListener, Contracts.Listeners.ListenerSendRequest, string, CancellationToken, Task<Contracts.Listeners.ListenerEvent>> send)
    {
        if (info?.Id is not { Length: > 0 and <= 64 } id || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw RequestRefusedException.Conflict("the agent named its listener with an id that is not 1-64 letters, digits, '-', '_' or '.'");
        }

        lock (_gate)
        {
            if (_mirrors.TryGetValue(info.Id, out var known))
            {
                // An agent names only its own listeners: an id another agent holds is not taken over.
                return known.AgentId == agentId ? known : throw RequestRefusedException.Conflict($"listener id {info.Id} belongs to another agent");
            }

            Forget();
            var mirror = new RemoteListener(agentId, vantage, info, listenerOptions.Value, close, send);
            _mirrors[info.Id] = mirror;
            if (_parked.Any(p => p.AgentId == agentId && p.Update.Info.Id == info.Id))
            {
                // Taken once: what stays parked is for other listeners.
                var parked = _parked.ToList();
                _parked.Clear();
                foreach (var (parkedBy, update, at) in parked)
                {
                    if (parkedBy == agentId && update.Info.Id == info.Id)
                    {
                        mirror.Apply(update);
                    }
                    else
                    {
                        _parked.Enqueue((parkedBy, update, at));
                    }
                }
            }

            return mirror;
        }
    }

    internal bool TryGet(string listenerId, out RemoteListener mirror) => _mirrors.TryGetValue(listenerId, out mirror!);

    /// <summary>Applies an agent's update to its mirror; an update for another agent's listener is ignored.</summary>
    internal bool Apply(string agentId, AgentListenerUpdate update)
    {
        if (_mirrors.TryGetValue(update.Info.Id, out var mirror) && mirror.AgentId == agentId)
        {
            mirror.Apply(update);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Keeps an update no mirror took: its listener's open reply was answered but its mirror is not made yet (the update
    /// came between the two). The mirror takes it when it is made; unclaimed ones go after <see cref="ParkedFor"/>, and
    /// past <see cref="MaxParked"/> the oldest go first, so an agent sending updates for listeners nobody opened fills nothing.
    /// </summary>
    internal void Park(string agentId, AgentListenerUpdate update)
    {
        lock (_gate)
        {
            if (_mirrors.TryGetValue(update.Info.Id, out var mirror))
            {
                if (mirror.AgentId == agentId)
                {
                    mirror.Apply(update);
                }

                return;
            }

            var now = Environment.TickCount64;
            while (_parked.Count > 0 && (_parked.Count >= MaxParked || now - _parked.Peek().At > ParkedFor.TotalMilliseconds))
            {
                _parked.Dequeue();
            }

            _parked.Enqueue((agentId, update, now));
        }
    }

    internal void Interrupt(string agentId, string reason)
    {
        foreach (var mirror in _mirrors.Values.Where(m => m.AgentId == agentId))
        {
            mirror.Interrupt(reason);
        }
    }

    public IReadOnlyList<IVantageListener> All() => [.. _mirrors.Values.OrderByDescending(m => m.CreatedAt)];

    // Stopped mirrors go first, oldest first, once the cap is reached; open ones are bounded by each agent's own caps.
    private void Forget()
    {
        var excess = _mirrors.Count - options.Value.MaxMirroredListeners + 1;
        foreach (var stale in _mirrors.Values.Where(m => m.IsStopped && m.Watching == 0).OrderBy(m => m.CreatedAt).Take(Math.Max(0, excess)))
        {
            _mirrors.TryRemove(stale.Id, out _);
        }

        if (_mirrors.Count >= options.Value.MaxMirroredListeners)
        {
            throw RequestRefusedException.LimitReached(
                $"the dashboard mirrors {_mirrors.Count} agents' listeners, its most ({AgentHubOptions.Section}:MaxMirroredListeners); close some first");
        }
    }
}
