using System.Runtime.InteropServices;

namespace Dashboard.Sockets.Budget;

/// <summary>
/// The one cap on sockets this process has open for users' work: scans, probes, UDP sends and
/// listeners all take from it, so together they never run the process out of descriptors. The
/// capacity is the open-file limit less headroom for everything else (assemblies, logs, the
/// database, the web server's own connections). Scans share what is left fairly: each may hold at
/// most an equal part of the capacity, and a scan asking for more than is free gets what is free.
/// </summary>
public sealed class SocketBudget
{
    /// <summary>Descriptors always left to the rest of the process, however low the limit.</summary>
    public const int MinHeadroom = 64;

    private int _inUse;
    private int _scans;

    /// <summary>A budget derived from this process's open-file limit (<c>RLIMIT_NOFILE</c>, the soft one).</summary>
    public SocketBudget() : this(CapacityFor(OpenFileLimit()))
    {
    }

    /// <summary>A budget of exactly <paramref name="capacity"/> sockets.</summary>
    public SocketBudget(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Sockets the engine may have open at once.</summary>
    public int Capacity { get; }

    /// <summary>Sockets open now.</summary>
    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>Scans holding a share now.</summary>
    public int Scans => Volatile.Read(ref _scans);

    /// <summary>The capacity for an open-file limit: the limit less an eighth of it, and at least <see cref="MinHeadroom"/>.</summary>
    public static int CapacityFor(long openFileLimit)
    {
        var headroom = Math.Max(MinHeadroom, openFileLimit / 8);
        return (int)Math.Clamp(openFileLimit - headroom, 1, 1 << 20);
    }

    /// <summary>Takes one socket if the cap allows; every true must be matched by one <see cref="Return"/>.</summary>
    public bool TryTake()
    {
        var current = Volatile.Read(ref _inUse);
        while (current < Capacity)
        {
            var seen = Interlocked.CompareExchange(ref _inUse, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    public void Return() => Interlocked.Decrement(ref _inUse);

    /// <summary>One socket held until disposed (a probe, a UDP send, a listener); null when the cap is reached.</summary>
    public SocketLease? TryLease() => TryTake() ? new SocketLease(this) : null;

    /// <summary>One socket held until disposed; waits while the cap is reached.</summary>
    public async ValueTask<SocketLease> LeaseAsync(CancellationToken cancellationToken)
    {
        while (!TryTake())
        {
            await Task.Delay(5, cancellationToken);
        }

        return new SocketLease(this);
    }

    /// <summary>Registers a scan that wants <paramref name="requested"/> connects in flight; dispose when it ends.</summary>
    public ScanShare JoinScan(int requested) => new(this, requested);

    internal void AddScan() => Interlocked.Increment(ref _scans);

    internal void RemoveScan() => Interlocked.Decrement(ref _scans);

    private static long OpenFileLimit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 16_384;
        }

        return Rlimit.getrlimit(Rlimit.RLIMIT_NOFILE, out var limit) == 0 && limit.Current is > 0 and < long.MaxValue
            ? (long)Math.Min(limit.Current, int.MaxValue)
            : 1_024;
    }
}

/// <summary>One socket of the budget, returned on dispose.</summary>
public sealed class SocketLease(SocketBudget budget) : IDisposable
{
    private int _returned;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _returned, 1) == 0)
        {
            budget.Return();
        }
    }
}

/// <summary>A scan's fair part of the budget: at most what it asked for, and at most an equal share among running scans.</summary>
public sealed class ScanShare : IDisposable
{
    private readonly SocketBudget _budget;
    private int _disposed;

    internal ScanShare(SocketBudget budget, int requested)
    {
        _budget = budget;
        Requested = requested;
        budget.AddScan();
    }

    public SocketBudget Budget => _budget;

    public int Requested { get; }

    /// <summary>Connects this scan may have in flight now; shrinks when other scans start, grows when they end.</summary>
    public int Limit => Math.Max(1, Math.Min(Requested, _budget.Capacity / Math.Max(1, _budget.Scans)));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _budget.RemoveScan();
        }
    }
}

internal static partial class Rlimit
{
    public const int RLIMIT_NOFILE = 7;

    [StructLayout(LayoutKind.Sequential)]
    public struct Limit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getrlimit(int resource, out Limit limit);
}
