using System.Diagnostics;
using System.Threading.Channels;
using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Scanning.Timing;

namespace Dashboard.Sockets.Scanning.Linux;

/// <summary>What the workers of one scan share: the plan, the next probe to claim, the results channel, the stop flag.</summary>
internal sealed class EpollScanRun : IDisposable
{
    private const int ClaimChunk = 16;

    private readonly TaskCompletionSource _workersDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly ScanShare _share;
    private readonly int _descriptorRoom;
    private long _next;
    private int _activeWorkers;
    private int _inFlight;

    public EpollScanRun(ScanPlan plan, DateTimeOffset startedAt, ScanShare share)
    {
        Plan = plan;
        StartedAt = startedAt;
        _share = share;
        _descriptorRoom = DescriptorRoom();
        Origin = Stopwatch.GetTimestamp();
        var timing = plan.EffectiveTiming;
        NoAnswerMessages = Enumerable.Range(0, timing.MaxAttempts + 1).Select(n => ProbeOutcomes.NoAnswerMessage(n, timing.MaxTimeoutMs)).ToArray();
        Hosts = plan.Targets.Select(t => new HostTiming(timing, plan.Concurrency, t.KnownRttMs)).ToArray();
        Addresses = new byte[plan.Targets.Count][];
        AddressLengths = new int[plan.Targets.Count];
        for (var i = 0; i < plan.Targets.Count; i++)
        {
            Addresses[i] = new byte[SocketAddress.MaxLength];
            AddressLengths[i] = SocketAddress.Write(plan.Targets[i].Address, Addresses[i]);
        }
    }

    public ScanPlan Plan { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The <see cref="Stopwatch"/> timestamp of <see cref="StartedAt"/>.</summary>
    public long Origin { get; }

    /// <summary>The message of a port without an answer, by the number of connects it got.</summary>
    public string[] NoAnswerMessages { get; }

    /// <summary>Each target's timing and congestion state, shared by the workers.</summary>
    public HostTiming[] Hosts { get; }

    /// <summary>Each target's <c>sockaddr</c> with port 0.</summary>
    public byte[][] Addresses { get; }

    public int[] AddressLengths { get; }

    public Channel<List<ProbeResult>> Results { get; } =
        Channel.CreateBounded<List<ProbeResult>>(new BoundedChannelOptions(256) { SingleReader = true });

    public bool Stopped => _stop.IsCancellationRequested;

    public Task WorkersDone => _workersDone.Task;

    public void Start(int workers, int window)
    {
        _activeWorkers = workers;
        for (var i = 0; i < workers; i++)
        {
            var worker = new EpollScanWorker(this, window);
            new Thread(worker.Run) { IsBackground = true, Name = $"scan-epoll-{i}" }.Start();
        }
    }

    /// <summary>Claims the next few probe indexes; false when every probe has been claimed.</summary>
    public bool TryClaim(out long first, out long end)
    {
        end = Interlocked.Add(ref _next, ClaimChunk);
        first = end - ClaimChunk;
        end = Math.Min(end, Plan.Total);
        return first < end;
    }

    /// <summary>Hands a batch to the reader; waits while the channel is full, unless the scan is stopped.</summary>
    public void Publish(List<ProbeResult> batch)
    {
        if (!Results.Writer.TryWrite(batch))
        {
            Results.Writer.WriteAsync(batch, _stop.Token).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Room for one more socket: within this scan's share, the process's budget and the descriptors free at its start. Matched by <see cref="ReturnSocket"/>.</summary>
    public bool TryTakeSocket()
    {
        if (Volatile.Read(ref _inFlight) >= Math.Min(_share.Limit, _descriptorRoom) || !_share.Budget.TryTake())
        {
            return false;
        }

        Interlocked.Increment(ref _inFlight);
        return true;
    }

    public void ReturnSocket()
    {
        Interlocked.Decrement(ref _inFlight);
        _share.Budget.Return();
    }

    public void Stop() => _stop.Cancel();

    /// <summary>
    /// Sockets this scan may hold: the open-file limit less the descriptors open at its start that are not the
    /// budget's sockets (the process's own: files, listeners, connections), less <see cref="SocketBudget.MinHeadroom"/>
    /// (at least 1). The budget is made from the limit alone; a scan of a host that drops SYNs fills its whole
    /// window, and must not take the process's last descriptors. Other scans' sockets are the budget's to share.
    /// </summary>
    private int DescriptorRoom()
    {
        try
        {
            var others = Directory.EnumerateFileSystemEntries("/proc/self/fd").Count() - _share.Budget.InUse;
            return (int)Math.Clamp(OpenFileLimit.Read() - others - SocketBudget.MinHeadroom, 1, int.MaxValue);
        }
        catch (IOException)
        {
            return int.MaxValue;
        }
    }

    /// <summary>Only once <see cref="WorkersDone"/> has completed.</summary>
    public void Dispose() => _stop.Dispose();

    public void WorkerDone(Exception? error)
    {
        if (error is not null && error is not OperationCanceledException)
        {
            Results.Writer.TryComplete(error);
            _stop.Cancel();
        }

        if (Interlocked.Decrement(ref _activeWorkers) == 0)
        {
            Results.Writer.TryComplete();
            _workersDone.TrySetResult();
        }
    }
}
