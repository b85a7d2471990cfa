using System.Globalization;
using System.Net;

namespace Dashboard.Sockets.Listeners;

/// <summary>
/// The reply rate of one UDP listener: a token bucket per source address (at most <see cref="ListenerOptions.UdpReplySources"/>
/// of them) and one for all sources together, each holding one second's worth; and the size bound of a reply. Used by the
/// listener's one receive loop only, so nothing here is shared between threads.
/// </summary>
internal sealed class UdpReplyLimiter(ListenerOptions options, TimeProvider time)
{
    private readonly Dictionary<IPAddress, Bucket> _sources = [];
    private readonly Bucket _all = new(options.UdpRepliesPerSecond, time.GetTimestamp());
    private long _sweptAt;

    /// <summary>Sources with a bucket now (at most <see cref="ListenerOptions.UdpReplySources"/>).</summary>
    public int Sources => _sources.Count;

    /// <summary>The most bytes a reply to a datagram of <paramref name="received"/> bytes may carry.</summary>
    public int Bound(int received) => (int)Math.Min(65_507, Math.Max(options.UdpReplyFloorBytes, (long)options.UdpReplyFactor * received));

    /// <summary>Takes a token for a reply to <paramref name="source"/>; null when one was free, else why not.</summary>
    public string? TryTake(IPAddress source)
    {
        var now = time.GetTimestamp();
        if (!_sources.TryGetValue(source, out var bucket))
        {
            if (_sources.Count >= options.UdpReplySources && !ForgetQuiet(now))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"{options.UdpReplySources:N0} sources are being answered at once, the most one listener keeps a rate for (Sockets:Listeners:UdpReplySources)");
            }

            bucket = new Bucket(options.UdpRepliesPerSecondPerSource, now);
            _sources[source] = bucket;
        }

        if (!bucket.TryTake(now, time.TimestampFrequency))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{source} was sent {options.UdpRepliesPerSecondPerSource:N0} replies this second, the most one source gets (Sockets:Listeners:UdpRepliesPerSecondPerSource)");
        }

        if (!_all.TryTake(now, time.TimestampFrequency))
        {
            bucket.GiveBack();
            return string.Create(CultureInfo.InvariantCulture,
                $"the listener sent {options.UdpRepliesPerSecond:N0} replies this second, the most it sends (Sockets:Listeners:UdpRepliesPerSecond)");
        }

        return null;
    }

    /// <summary>
    /// Forgets sources whose bucket has filled again (quiet for a second): they are as if never seen. True when one went.
    /// At most ten sweeps a second: under a flood of forged sources each one must not cost a walk of the whole map.
    /// </summary>
    private bool ForgetQuiet(long now)
    {
        if (now - _sweptAt < time.TimestampFrequency / 10)
        {
            return false;
        }

        _sweptAt = now;
        foreach (var (address, bucket) in _sources)
        {
            if (bucket.IsFull(now, time.TimestampFrequency))
            {
                _sources.Remove(address);
            }
        }

        return _sources.Count < options.UdpReplySources;
    }

    private sealed class Bucket(int perSecond, long now)
    {
        private double _tokens = perSecond;
        private long _at = now;

        public bool TryTake(long now, long frequency)
        {
            Refill(now, frequency);
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }

        public void GiveBack() => _tokens = Math.Min(perSecond, _tokens + 1);

        public bool IsFull(long now, long frequency)
        {
            Refill(now, frequency);
            return _tokens >= perSecond;
        }

        private void Refill(long now, long frequency)
        {
            _tokens = Math.Min(perSecond, _tokens + ((double)(now - _at) / frequency * perSecond));
            _at = now;
        }
    }
}
