namespace Dashboard.Sockets.Budget;

/// <summary>
/// The one cap on sockets this process has open for users' work: scans, probes, UDP sends and
/// listeners all take from it, so together they never run the process out of descriptors. The
/// capacity is the open-file limit less headroom for everything else (assemblies, logs, the
/// database, the web server's own connections). Scans share what is left fairly: each may hold at
/// most an equal part of the capacity less <see cref="InteractiveReserve"/>, and a scan asking for
/// more than is free gets what is free. Probes, UDP sends and listeners that find no socket free are
/// refused with <see cref="Spent"/> (a "limit reached" with a retry time), never left waiting.
/// </summary>
public sealed class SocketBudget
{
    /// <summary>Descriptors always left to the rest of the process, however low the limit.</summary>
    public const int MinHeadroom = 64;

    private int _inUse;
    private int _scans;

    /// <summary>How long a probe or UDP send waits for a socket to be returned before it is refused: scans return theirs within milliseconds.</summary>
    public static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(1);

    /// <summary>A budget derived from this process's open-file limit (<c>RLIMIT_NOFILE</c>, the soft one).</summary>
    public SocketBudget() : this(CapacityFor(OpenFileLimit.Read()))
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

    /// <summary>
    /// Sockets scans leave to probes, UDP sends and listeners: an eighth of the capacity. Without it a scan at
    /// full concurrency takes back every socket the moment it is returned, and a probe would never get one.
    /// </summary>
    public int InteractiveReserve => Capacity / 8;

    /// <summary>What running scans may hold together: the capacity less <see cref="InteractiveReserve"/>.</summary>
    public int ScanCapacity => Capacity - InteractiveReserve;

    /// <summary>The Retry-After of a refusal for want of sockets. Defaults to 5 s: scans return sockets all the time, listeners when they close.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);

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
    public bool TryTake() => BoundedCount.TryIncrement(ref _inUse, Capacity);

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

    /// <summary>One socket held until disposed; waits at most <paramref name="wait"/> while the cap is reached, then gives null.</summary>
    public async ValueTask<SocketLease?> LeaseAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        while (!TryTake())
        {
            if (Environment.TickCount64 >= deadline)
            {
                return null;
            }

            await Task.Delay(5, cancellationToken);
        }

        return new SocketLease(this);
    }

    /// <summary>The refusal of <paramref name="work"/> ("a probe") when no socket of the budget is free: a limit reached, with when to retry.</summary>
    public RequestRefusedException Spent(string work) => RequestRefusedException.LimitReached(
        $"{work} needs a socket, and all {Capacity:N0} sockets of this server's budget are in use (the open-file limit less what the web server, " +
        "the database and logs need); try again when a scan or a listener has finished", RetryAfter);

    /// <summary>
    /// The refusal of <paramref name="work"/> when <c>socket()</c> itself failed with <c>EMFILE</c>/<c>ENFILE</c>: the
    /// process (or the system) is out of descriptors. A limit reached, not the target's answer.
    /// </summary>
    public static RequestRefusedException NoDescriptor(string work, System.Net.Sockets.SocketException error, SocketBudget? budget) =>
        RequestRefusedException.LimitReached(
            $"{work} needs a socket, and this process has no file descriptor free ({Errors.NativeError.From(error).Name}); try again shortly",
            budget?.RetryAfter ?? TimeSpan.FromSeconds(5));

    /// <summary>Registers a scan that wants <paramref name="requested"/> connects in flight; dispose when it ends.</summary>
    public ScanShare JoinScan(int requested) => new(this, requested);

    internal void AddScan() => Interlocked.Increment(ref _scans);

    internal void RemoveScan() => Interlocked.Decrement(ref _scans);
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
    public int Limit => Math.Max(1, Math.Min(Requested, _budget.ScanCapacity / Math.Max(1, _budget.Scans)));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _budget.RemoveScan();
        }
    }
}
