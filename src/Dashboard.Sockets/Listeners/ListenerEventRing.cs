using System.Threading.Channels;
using Dashboard.Contracts.Listeners;

namespace Dashboard.Sockets.Listeners;

/// <summary>
/// One listener's events: numbered, kept in a ring for late watchers, and fanned out to every
/// watcher through a bounded buffer of its own, so a slow watcher never slows the listener or the
/// others; what does not fit in its buffer it is told it missed.
/// </summary>
public sealed class ListenerEventRing(int historySize, int watcherBuffer)
{
    private readonly ListenerEvent?[] _ring = new ListenerEvent?[historySize];
    private readonly List<Watcher> _watchers = [];
    private readonly Lock _gate = new();
    private long _seq;
    private long _dropped;
    private bool _completed;
    private int _watching;

    /// <summary>Events that fell out of the ring.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Watch streams not yet ended.</summary>
    public int Watching => Volatile.Read(ref _watching);

    /// <summary>
    /// The history kept, then every event as it is published, until <see cref="Complete"/>; where this watcher's
    /// buffer overflowed, the event <paramref name="missed"/> makes from how many it missed.
    /// </summary>
    public async IAsyncEnumerable<ListenerEvent> WatchAsync(Func<long, ListenerEvent> missed,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (history, watcher) = Subscribe();
        Interlocked.Increment(ref _watching);
        try
        {
            foreach (var e in history)
            {
                yield return e;
            }

            while (await watcher.Reader.WaitToReadAsync(cancellationToken))
            {
                while (watcher.Reader.TryRead(out var e))
                {
                    yield return e;
                }

                // What did not fit came after what was buffered: say so once the buffer is read.
                if (watcher.TakeMissed() is var count and > 0)
                {
                    yield return missed(count);
                }
            }

            if (watcher.TakeMissed() is var last and > 0)
            {
                yield return missed(last);
            }
        }
        finally
        {
            Unsubscribe(watcher);
            Interlocked.Decrement(ref _watching);
        }
    }

    /// <summary>Numbers, keeps and delivers an event made by <paramref name="make"/> from its sequence number.</summary>
    public void Publish(Func<long, ListenerEvent> make)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            var seq = ++_seq;
            var e = make(seq);
            if (seq > _ring.Length)
            {
                _dropped++;
            }

            _ring[(seq - 1) % _ring.Length] = e;
            foreach (var watcher in _watchers)
            {
                watcher.Offer(e);
            }
        }
    }

    /// <summary>The history kept so far and a watcher for everything after it.</summary>
    public (List<ListenerEvent> History, Watcher Watcher) Subscribe()
    {
        lock (_gate)
        {
            var first = Math.Max(1, _seq - _ring.Length + 1);
            var history = new List<ListenerEvent>();
            for (var seq = first; seq <= _seq; seq++)
            {
                history.Add(_ring[(seq - 1) % _ring.Length]!);
            }

            var watcher = new Watcher(watcherBuffer);
            if (_completed)
            {
                watcher.Complete();
            }
            else
            {
                _watchers.Add(watcher);
            }

            return (history, watcher);
        }
    }

    /// <summary>The kept events numbered after <paramref name="after"/>, at most <paramref name="max"/>, oldest first.</summary>
    public List<ListenerEvent> After(long after, int max)
    {
        lock (_gate)
        {
            var first = Math.Max(Math.Max(1, _seq - _ring.Length + 1), after + 1);
            var events = new List<ListenerEvent>();
            for (var seq = first; seq <= _seq && events.Count < max; seq++)
            {
                events.Add(_ring[(seq - 1) % _ring.Length]!);
            }

            return events;
        }
    }

    public void Unsubscribe(Watcher watcher)
    {
        lock (_gate)
        {
            _watchers.Remove(watcher);
        }
    }

    /// <summary>No more events: every watcher's stream ends after what it has.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _watchers.ForEach(w => w.Complete());
            _watchers.Clear();
        }
    }

    /// <summary>One watcher's buffer, and how many events did not fit in it.</summary>
    public sealed class Watcher(int capacity)
    {
        private readonly Channel<ListenerEvent> _buffer = Channel.CreateBounded<ListenerEvent>(
            new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

        private long _missed;

        public ChannelReader<ListenerEvent> Reader => _buffer.Reader;

        /// <summary>How many were missed since the last call.</summary>
        public long TakeMissed() => Interlocked.Exchange(ref _missed, 0);

        internal void Offer(ListenerEvent e)
        {
            if (!_buffer.Writer.TryWrite(e))
            {
                Interlocked.Increment(ref _missed);
                SocketsMetrics.ListenerEventsMissed.Add(1);
            }
        }

        internal void Complete() => _buffer.Writer.TryComplete();
    }
}
