using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>
/// Stores probes and UDP sends (awaited: the answer goes out once it is stored) and listener sessions
/// (their events as they come, each write holding what arrived during the one before; their end when they stop).
/// Watchers of a listener wait for <see cref="StoredAsync"/>, so an event is on disk before anyone is shown it.
/// </summary>
internal sealed class HistoryRecorder(HistoryStore store, IOptions<HistoryOptions> options, TimeProvider time, ILogger<HistoryRecorder> logger)
    : IHistoryRecorder
{
    /// <summary>The most listener events in one write; a flood is written in several.</summary>
    private const int MaxEventsPerWrite = 4_096;

    private readonly ConcurrentDictionary<string, Task> _listeners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoredMark> _marks = new(StringComparer.Ordinal);

    public async Task<string?> ProbedAsync(Actor actor, ProbeRequest request, ProbeResult result, CancellationToken cancellationToken)
    {
        var id = NewId();
        var item = Item(id, HistoryKinds.Probe, actor, WireName.Of(result.State), Probe.ProbeTarget.Format(request.Host, request.Port), result.At,
            JsonChunk.Text(request), JsonChunk.Text(result with { Id = id }));
        return await AddAsync(item) ? id : null;
    }

    public async Task<string?> UdpSentAsync(Actor actor, UdpSendRequest request, UdpSendResult result, CancellationToken cancellationToken)
    {
        var id = NewId();
        var item = Item(id, HistoryKinds.Udp, actor, WireName.Of(result.State), Probe.ProbeTarget.Format(request.Host, request.Port), result.At,
            JsonChunk.Text(request), JsonChunk.Text(result with { Id = id }));
        return await AddAsync(item) ? id : null;
    }

    public async Task<string?> AnsweredAsync<TRequest, TResult>(Actor actor, string kind, string state, string target, DateTimeOffset at,
        TRequest request, TResult result, CancellationToken cancellationToken)
    {
        var id = NewId();
        var item = Item(id, kind, actor, state, target, at, JsonChunk.Text(request), JsonChunk.Text(result));
        return await AddAsync(item) ? id : null;
    }

    public void ListenerOpened(Actor actor, ListenerRequest request, Vantage.IVantageListener listener)
    {
        var info = listener.Info();
        var item = new HistoryItem
        {
            Id = listener.Id,
            Kind = HistoryKinds.Listener,
            Owner = actor.Name,
            OwnerId = actor.Id,
            State = WireName.Of(ListenerState.Listening),
            Target = HistoryText.Cut($"{WireName.Of(info.Protocol)} {info.LocalEndPoint}"),
            StartedAtMs = info.CreatedAt.ToUnixTimeMilliseconds(),
            Request = JsonChunk.Text(request),
            Summary = JsonChunk.Text(info),
        };

        // The mark exists before anyone can watch, so no watcher sees an event before it is stored.
        var mark = new StoredMark();
        _marks[listener.Id] = mark;
        _listeners[listener.Id] = RecordListenerAsync(item, listener, mark);
    }

    public ValueTask StoredAsync(string listenerId, long seq, CancellationToken cancellationToken) =>
        _marks.TryGetValue(listenerId, out var mark) ? mark.WaitAsync(seq, cancellationToken) : ValueTask.CompletedTask;

    public long StoredThrough(string listenerId) => _marks.TryGetValue(listenerId, out var mark) ? mark.Settled : long.MaxValue;

    /// <summary>Waits (until <paramref name="cancellationToken"/>) for the listener sessions still being stored: on shutdown, after they were interrupted.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => Task.WhenAll(_listeners.Values).WaitAsync(cancellationToken);

    /// <summary>
    /// Writes a session's events as they come: one write at a time, each holding every event that arrived during the
    /// one before (a busy listener gets larger writes, a quiet one a write per event), and its end when it stops.
    /// </summary>
    private async Task RecordListenerAsync(HistoryItem item, Vantage.IVantageListener listener, StoredMark mark)
    {
        await Task.Yield();
        try
        {
            await store.AddAsync(item, [], CancellationToken.None);
            var cap = options.Value.MaxListenerEvents;
            var pending = new List<ListenerEvent>();
            var stored = 0;
            var seq = 0;
            DateTimeOffset? stoppedAt = null;
            await using var events = listener.WatchAsync(CancellationToken.None).GetAsyncEnumerator();
            var next = events.MoveNextAsync().AsTask();
            var more = await next;
            while (more)
            {
                // This event and every one already waiting go into one write.
                long taken = 0;
                while (true)
                {
                    var e = events.Current;
                    taken = Math.Max(taken, e.Seq);
                    if (e.Kind == ListenerEventKind.Stopped)
                    {
                        stoppedAt = e.At;
                    }

                    // Counters count everything; the stored events stop at the cap, like the live history's ring.
                    if (e.Kind != ListenerEventKind.Missed && (stored + pending.Count < cap || e.Kind == ListenerEventKind.Stopped))
                    {
                        pending.Add(e);
                    }

                    next = events.MoveNextAsync().AsTask();
                    if (!next.IsCompleted || pending.Count >= MaxEventsPerWrite || !(more = await next))
                    {
                        break;
                    }
                }

                if (!more)
                {
                    break;
                }

                if (pending.Count > 0)
                {
                    await StoreEventsAsync(item.Id, pending, seq++, null);
                    stored += pending.Count;
                    pending.Clear();
                }

                mark.Advance(taken);
                more = await next;
            }

            var info = listener.Info();
            await StoreEventsAsync(item.Id, pending, seq, new ItemEnd(WireName.Of(info.State),
                (stoppedAt ?? time.GetUtcNow()).ToUnixTimeMilliseconds(), JsonChunk.Text(info)));
        }
        catch (Exception e)
        {
            HistoryLog.WriteFailed(logger, HistoryKinds.Listener, item.Id, e);
        }
        finally
        {
            mark.Release();
            _marks.TryRemove(item.Id, out _);
            _listeners.TryRemove(item.Id, out _);
        }
    }

    private Task StoreEventsAsync(string id, List<ListenerEvent> events, int seq, ItemEnd? end) =>
        store.AppendAsync(id, events.Count == 0 ? [] :
        [
            new HistoryChunk { ItemId = id, Stream = HistoryStreams.ListenerEvents, Seq = seq, Count = events.Count, Data = JsonChunk.Encode(events) },
        ], end, CancellationToken.None);

    private async Task<bool> AddAsync(HistoryItem item)
    {
        try
        {
            // Not the caller's token: a probe that was made is stored even when its caller has gone.
            await store.AddAsync(item, [], CancellationToken.None);
            return true;
        }
        catch (Exception e)
        {
            HistoryLog.WriteFailed(logger, item.Kind, item.Id, e);
            return false;
        }
    }

    private static HistoryItem Item(string id, string kind, Actor actor, string state, string target, DateTimeOffset at, string request, string summary) =>
        new()
        {
            Id = id,
            Kind = kind,
            Owner = actor.Name,
            OwnerId = actor.Id,
            State = state,
            Target = HistoryText.Cut(target),
            StartedAtMs = at.ToUnixTimeMilliseconds(),
            EndedAtMs = at.ToUnixTimeMilliseconds(),
            Request = request,
            Summary = summary,
        };

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
