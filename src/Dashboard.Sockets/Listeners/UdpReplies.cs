using System.Globalization;
using System.Net;
using Dashboard.Contracts.Listeners;

namespace Dashboard.Sockets.Listeners;

/// <summary>
/// Whether and what a UDP listener answers a datagram with. A datagram's source address is only a claim, so a reply is
/// sent only where the owner's own send could go (<see cref="IListenerReplyPolicy"/>), at most at the reply rate of
/// <see cref="UdpReplyLimiter"/>, and never more than a few times the bytes received: else a listener with a large
/// fixed reply turns a forged datagram into a flood at someone else. Replies not sent, and replies cut, are counted.
/// </summary>
internal sealed class UdpReplies(string owner, ListenerPlan plan, ListenerOptions options, TimeProvider time, IListenerReplyPolicy policy)
{
    private readonly UdpReplyLimiter _limiter = new(options, time);

    // The limiter and the sources heard are used by the receive loop and by sends by hand: one lock, never held across an await.
    private readonly Lock _gate = new();
    private readonly Dictionary<IPEndPoint, int> _heard = [];
    private readonly Queue<IPEndPoint> _heardOrder = new();
    private long _denied;
    private long _throttled;
    private long _trimmed;
    private Outcome _last = Outcome.Sent;

    private enum Outcome
    {
        Sent,
        Denied,
        Throttled,
        Trimmed,
    }

    public long Denied => Interlocked.Read(ref _denied);

    public long Throttled => Interlocked.Read(ref _throttled);

    public long Trimmed => Interlocked.Read(ref _trimmed);

    /// <summary>The reply to the datagram <paramref name="received"/> from <paramref name="source"/>, if any, and why not.</summary>
    public async ValueTask<Reply> DecideAsync(IPEndPoint source, ReadOnlyMemory<byte> received, CancellationToken cancellationToken)
    {
        if (plan.ReplyMode == ReplyMode.None)
        {
            return default;
        }

        if (await RefusalAsync(source, cancellationToken) is { } denied)
        {
            Interlocked.Increment(ref _denied);
            SocketsMetrics.ListenerRepliesNotSent.Add(1, new KeyValuePair<string, object?>("reason", "policy"));
            return new Reply(null, denied, Notice(Outcome.Denied, $"no reply to {source}: {denied}; further replies refused by policy are counted (repliesDenied)"));
        }

        string? throttled;
        lock (_gate)
        {
            throttled = _limiter.TryTake(source.Address);
        }

        if (throttled is not null)
        {
            Interlocked.Increment(ref _throttled);
            SocketsMetrics.ListenerRepliesNotSent.Add(1, new KeyValuePair<string, object?>("reason", "rate"));
            return new Reply(null, throttled, Notice(Outcome.Throttled, $"no reply to {source}: {throttled}; further replies past the rate are counted (repliesThrottled)"));
        }

        var wanted = plan.ReplyMode == ReplyMode.Echo ? received : plan.ReplyPayload;
        var bound = _limiter.Bound(received.Length);
        if (wanted.Length <= bound)
        {
            _last = Outcome.Sent;
            return new Reply(wanted, null, null);
        }

        Interlocked.Increment(ref _trimmed);
        return new Reply(wanted[..bound], null, Notice(Outcome.Trimmed, string.Create(CultureInfo.InvariantCulture,
            $"reply to {source} cut to {bound:N0} of {wanted.Length:N0} bytes: a reply carries at most {options.UdpReplyFactor}x the {received.Length:N0} " +
            $"bytes received, or {options.UdpReplyFloorBytes:N0} (Sockets:Listeners:UdpReplyFactor, UdpReplyFloorBytes); further cuts are counted (repliesTrimmed)")));
    }

    /// <summary>
    /// Remembers that <paramref name="source"/> sent a datagram of <paramref name="bytes"/>: only such sources may be sent to by hand,
    /// and a send carries at most what a reply to that datagram could. The last <see cref="ListenerOptions.UdpReplySources"/> are kept.
    /// </summary>
    public void Heard(IPEndPoint source, int bytes)
    {
        lock (_gate)
        {
            if (_heard.TryAdd(source, bytes))
            {
                _heardOrder.Enqueue(source);
                if (_heardOrder.Count > options.UdpReplySources)
                {
                    _heard.Remove(_heardOrder.Dequeue());
                }
            }
            else
            {
                _heard[source] = bytes;
            }
        }
    }

    /// <summary>Why a send by hand of <paramref name="bytes"/> to <paramref name="peer"/> may not go (as a reply would be refused), or null.</summary>
    public async ValueTask<string?> SendRefusalAsync(IPEndPoint peer, int bytes, CancellationToken cancellationToken)
    {
        int received;
        lock (_gate)
        {
            if (!_heard.TryGetValue(peer, out received))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"peer {peer} has not sent this listener a datagram lately (of the last {options.UdpReplySources:N0} sources heard): a listener sends only to sources that wrote to it");
            }
        }

        if (await RefusalAsync(peer, cancellationToken) is { } denied)
        {
            Interlocked.Increment(ref _denied);
            return denied;
        }

        var bound = _limiter.Bound(received);
        if (bytes > bound)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"payload is {bytes:N0} bytes; a datagram to {peer} carries at most {bound:N0}, {options.UdpReplyFactor}x the {received:N0} bytes it last sent, " +
                $"or {options.UdpReplyFloorBytes:N0} (Sockets:Listeners:UdpReplyFactor, UdpReplyFloorBytes), as a reply would");
        }

        lock (_gate)
        {
            if (_limiter.TryTake(peer.Address) is { } throttled)
            {
                Interlocked.Increment(ref _throttled);
                return throttled;
            }
        }

        return null;
    }

    /// <summary>The policy's word; a policy that cannot answer (its store unreachable) is a refusal, never a dead receive loop.</summary>
    private async ValueTask<string?> RefusalAsync(IPEndPoint source, CancellationToken cancellationToken)
    {
        try
        {
            return await policy.RefusalAsync(owner, source, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"the policy could not be read ({e.GetType().Name}: {e.Message}), so {source} gets no reply";
        }
    }

    /// <summary>An event's message when the outcome differs from the last datagram's: a flood gets one event, not one per datagram.</summary>
    private string? Notice(Outcome outcome, string message)
    {
        var changed = outcome != _last;
        _last = outcome;
        return changed ? message : null;
    }

    /// <summary>What to send (null: nothing), why nothing (null when something), and an event to publish about it.</summary>
    public readonly record struct Reply(ReadOnlyMemory<byte>? Payload, string? Refusal, string? Notice);
}
