using System.Net;
using System.Threading.Channels;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Sockets.Discovery;

/// <summary>
/// The hosts of one discovery and what has been decided of each: the first proof wins, is written
/// to the output once, and cancels whatever else was still asking that host. Down hosts are written as runs of
/// consecutive addresses (<see cref="DownRuns"/>), each once it is complete, the rest when the discovery completes.
/// </summary>
internal sealed class HostVerdicts : IDisposable
{
    private readonly Dictionary<IPAddress, Entry> _entries;
    private readonly Channel<HostResult> _output = Channel.CreateUnbounded<HostResult>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeProvider _time;
    private readonly DownRuns _runs;
    private readonly List<HostResult> _ready = [];
    private bool _completed;
    private int _undecided;
    private int _down;

    private readonly CancellationToken _cancellationToken;

    public HostVerdicts(IReadOnlyList<ResolvedTarget> targets, TimeProvider time, CancellationToken cancellationToken)
    {
        _time = time;
        _cancellationToken = cancellationToken;
        // One small entry per address; a host's token is made only while something asks it (a sweep's absent hosts never need one).
        _entries = new Dictionary<IPAddress, Entry>(targets.Count);
        for (var i = 0; i < targets.Count; i++)
        {
            _entries.TryAdd(targets[i].Address, new Entry(targets[i], i));
        }

        _runs = new DownRuns(targets, i => _entries[targets[i].Address].Index == i, time);

        _undecided = _entries.Count;
    }

    public ChannelReader<HostResult> Output => _output.Reader;

    public bool AllDecided => Volatile.Read(ref _undecided) == 0;

    public int DownCount => Volatile.Read(ref _down);

    public bool IsDecided(IPAddress address) => Volatile.Read(ref _entries[address].Decided) != 0;

    /// <summary>Cancelled once the host is decided: its remaining probes stop. Give it back with <see cref="Release"/>.</summary>
    public CancellationToken TokenOf(IPAddress address)
    {
        var entry = _entries[address];
        lock (entry)
        {
            entry.Stop ??= CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken);
            if (entry.Decided != 0)
            {
                entry.Stop.Cancel();
            }

            return entry.Stop.Token;
        }
    }

    /// <summary>
    /// The host's first connect has started: its token is cancelled <paramref name="timeoutMs"/> from now unless it is decided
    /// sooner. One timer for all of the host's connects, started once until <see cref="Release"/>.
    /// </summary>
    public void StartClock(IPAddress address, int timeoutMs)
    {
        var entry = _entries[address];
        lock (entry)
        {
            if (!entry.ClockStarted && entry.Stop is { } stop)
            {
                entry.ClockStarted = true;
                stop.CancelAfter(timeoutMs);
            }
        }
    }

    /// <summary>Nothing asks the host any more: its token and its clock go.</summary>
    public void Release(IPAddress address)
    {
        var entry = _entries[address];
        lock (entry)
        {
            entry.Stop?.Dispose();
            entry.Stop = null;
            entry.ClockStarted = false;
        }
    }

    public void Up(IPAddress address, string method, string detail, double rttMs, string reason) =>
        Decide(address, HostState.Up, method, detail, Math.Round(rttMs, 3), reason);

    public void Down(IPAddress address, string method, string? detail, string reason) =>
        Decide(address, HostState.Down, method, detail, null, reason);

    /// <summary>No more verdicts: the down runs not written yet are written, and the output ends.</summary>
    public void Complete()
    {
        lock (_runs)
        {
            if (!_completed)
            {
                _completed = true;
                _runs.Flush(_ready);
                WriteReady();
            }
        }

        _output.Writer.TryComplete();
    }

    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            entry.Stop?.Dispose();
        }
    }

    private void Decide(IPAddress address, HostState state, string method, string? detail, double? rttMs, string reason)
    {
        if (!_entries.TryGetValue(address, out var entry) || Interlocked.Exchange(ref entry.Decided, 1) != 0)
        {
            return;
        }

        lock (_runs)
        {
            if (state == HostState.Up)
            {
                _output.Writer.TryWrite(new HostResult(entry.Target.Label, entry.Target.AddressText, state, method, detail, rttMs, reason, _time.GetUtcNow()));
            }

            if (!_completed)
            {
                if (state == HostState.Up)
                {
                    _runs.Up(entry.Index, _ready);
                }
                else
                {
                    _runs.Down(entry.Index, method, detail, reason, _ready);
                }

                WriteReady();
            }
        }

        Interlocked.Decrement(ref _undecided);
        if (state == HostState.Down)
        {
            Interlocked.Increment(ref _down);
        }

        lock (entry)
        {
            entry.Stop?.Cancel();
        }
    }

    private void WriteReady()
    {
        foreach (var run in _ready)
        {
            _output.Writer.TryWrite(run);
        }

        _ready.Clear();
    }

    private sealed class Entry(ResolvedTarget target, int index)
    {
        public int Index { get; } = index;

        public int Decided;

        public bool ClockStarted;

        public ResolvedTarget Target { get; } = target;

        public CancellationTokenSource? Stop { get; set; }
    }
}
