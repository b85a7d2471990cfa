using System.Net;
using System.Threading.Channels;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Sockets.Discovery;

/// <summary>
/// The hosts of one discovery and what has been decided of each: the first proof wins, is written
/// to the output once, and cancels whatever else was still asking that host.
/// </summary>
internal sealed class HostVerdicts : IDisposable
{
    private readonly Dictionary<IPAddress, Entry> _entries;
    private readonly Channel<HostResult> _output = Channel.CreateUnbounded<HostResult>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeProvider _time;
    private int _undecided;
    private int _down;

    private readonly CancellationToken _cancellationToken;

    public HostVerdicts(IReadOnlyList<ResolvedTarget> targets, TimeProvider time, CancellationToken cancellationToken)
    {
        _time = time;
        _cancellationToken = cancellationToken;
        // One small entry per address; a host's token is made only while something asks it (a sweep's absent hosts never need one).
        _entries = new Dictionary<IPAddress, Entry>(targets.Count);
        foreach (var target in targets)
        {
            _entries.TryAdd(target.Address, new Entry(target));
        }

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

    /// <summary>Nothing asks the host any more: its token goes.</summary>
    public void Release(IPAddress address)
    {
        var entry = _entries[address];
        lock (entry)
        {
            entry.Stop?.Dispose();
            entry.Stop = null;
        }
    }

    public void Up(IPAddress address, string method, string detail, double rttMs, string reason) =>
        Decide(address, HostState.Up, method, detail, Math.Round(rttMs, 3), reason);

    public void Down(IPAddress address, string method, string? detail, string reason) =>
        Decide(address, HostState.Down, method, detail, null, reason);

    public void Complete() => _output.Writer.TryComplete();

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

        _output.Writer.TryWrite(new HostResult(entry.Target.Label, entry.Target.AddressText, state, method, detail, rttMs, reason, _time.GetUtcNow()));
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

    private sealed class Entry(ResolvedTarget target)
    {
        public int Decided;

        public ResolvedTarget Target { get; } = target;

        public CancellationTokenSource? Stop { get; set; }
    }
}
