using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Listeners;
using Dashboard.Web.Access;
using Dashboard.Web.Components;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.History;

/// <summary>
/// Stores probes and UDP sends (awaited: the answer goes out once it is stored) and listener sessions
/// (their events in a chunk every <see cref="HistoryOptions.FlushIntervalMs"/>, their end when they stop).
/// </summary>
internal sealed class HistoryRecorder(HistoryStore store, IOptions<HistoryOptions> options, TimeProvider time, ILogger<HistoryRecorder> logger)
    : IHistoryRecorder
{
    private readonly ConcurrentDictionary<string, Task> _listeners = new(StringComparer.Ordinal);

    public async Task<string?> ProbedAsync(Actor actor, ProbeRequest request, ProbeResult result, CancellationToken cancellationToken)
    {
        var id = NewId();
        var item = Item(id, HistoryKinds.Probe, actor, WireName.Of(result.State), $"{request.Host}:{request.Port}", result.At,
            JsonChunk.Text(request), JsonChunk.Text(result with { Id = id }));
        return await AddAsync(item) ? id : null;
    }

    public async Task<string?> UdpSentAsync(Actor actor, UdpSendRequest request, UdpSendResult result, CancellationToken cancellationToken)
    {
        var id = NewId();
        var item = Item(id, HistoryKinds.Udp, actor, WireName.Of(result.State), $"{request.Host}:{request.Port}", result.At,
            JsonChunk.Text(request), JsonChunk.Text(result with { Id = id }));
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
        _listeners[listener.Id] = RecordListenerAsync(item, listener);
    }

    /// <summary>Waits (until <paramref name="cancellationToken"/>) for the listener sessions still being stored: on shutdown, after they were interrupted.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => Task.WhenAll(_listeners.Values).WaitAsync(cancellationToken);

    private async Task RecordListenerAsync(HistoryItem item, Vantage.IVantageListener listener)
    {
        await Task.Yield();
        try
        {
            await store.AddAsync(item, [], CancellationToken.None);
            var cap = options.Value.MaxListenerEvents;
            var interval = TimeSpan.FromMilliseconds(options.Value.FlushIntervalMs);
            var pending = new List<ListenerEvent>();
            var stored = 0;
            var seq = 0;
            DateTimeOffset? stoppedAt = null;
            var last = time.GetTimestamp();
            await using var events = listener.WatchAsync(CancellationToken.None).GetAsyncEnumerator();
            var next = events.MoveNextAsync().AsTask();
            while (true)
            {
                // Wait for the next event, but not longer than the flush interval when events are waiting.
                if (pending.Count > 0 && await Task.WhenAny(next, Task.Delay(interval, time)) != next)
                {
                    await StoreEventsAsync(item.Id, pending, seq++, null);
                    stored += pending.Count;
                    pending.Clear();
                    continue;
                }

                if (!await next)
                {
                    break;
                }

                if (events.Current.Kind == ListenerEventKind.Stopped)
                {
                    stoppedAt = events.Current.At;
                }

                // Counters count everything; the stored events stop at the cap, like the live history's ring.
                if (events.Current.Kind != ListenerEventKind.Missed && (stored + pending.Count < cap || events.Current.Kind == ListenerEventKind.Stopped))
                {
                    pending.Add(events.Current);
                }

                next = events.MoveNextAsync().AsTask();
                if (pending.Count > 0 && time.GetElapsedTime(last) >= interval)
                {
                    await StoreEventsAsync(item.Id, pending, seq++, null);
                    stored += pending.Count;
                    pending.Clear();
                    last = time.GetTimestamp();
                }
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
