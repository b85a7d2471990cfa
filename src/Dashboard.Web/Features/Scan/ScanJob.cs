using System.Diagnostics;
using System.Runtime.CompilerServices;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;
using Dashboard.Web.Operations;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// A scan running on the server under an id: its plan, every result so far, and its outcome.
/// Any number of watchers read it at their own pace; none of them slows the scan.
/// </summary>
public sealed partial class ScanJob : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<HostResult> _hosts = [];
    private long _elapsedTicks = -1;
    private bool _interrupted;
    private int _watching;

    internal ScanJob(string id, ScanRequest request, ScanPlan plan, string owner, DateTimeOffset startedAt, ScanDenials? denials = null)
    {
        Denials = denials ?? ScanDenials.None;
        Id = id;
        Request = request;
        Plan = plan;
        Owner = owner;
        StartedAt = startedAt;
        Results = new ScanResultStore(plan.Total, startedAt);
    }

    public string Id { get; }

    /// <summary>What the target policy removed from the plan before it ran: nothing was sent there.</summary>
    public ScanDenials Denials { get; }

    /// <summary>Where it runs: this server or an agent.</summary>
    internal Web.Vantage.IVantagePoint Vantage { get; init; } = null!;

    /// <summary>The name of where it runs, as results carry it.</summary>
    public string From => Vantage?.Name ?? Web.Vantage.LocalVantagePoint.ServerName;

    public ScanRequest Request { get; }

    internal ScanPlan Plan { get; }

    /// <summary>Addresses the scan covers, after names were resolved.</summary>
    public int AddressCount => Plan.Targets.Count;

    /// <summary>Ports per address.</summary>
    public int PortCount => Plan.Ports.Count;

    /// <summary>Probes the scan makes: addresses × ports.</summary>
    public long Total => Plan.Total;

    /// <summary>Who started it: the actor's name.</summary>
    public string Owner { get; }

    public DateTimeOffset StartedAt { get; }

    public ScanResultStore Results { get; }

    /// <summary>Null while running; then how it ended.</summary>
    public ScanOutcome? Outcome { get; private set; }

    /// <summary>Why it was cancelled or failed.</summary>
    public string? Reason { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Open ports found so far.</summary>
    public long OpenCount { get; private set; }

    /// <summary>
    /// Hosts decided so far (up with the method, down with why), in the order they were decided; consecutive addresses down
    /// for the same reason are one row (<see cref="HostResult.Count"/>), so the rows grow with live hosts, not address space.
    /// </summary>
    public IReadOnlyList<HostResult> Hosts
    {
        get
        {
            lock (_hosts)
            {
                return [.. _hosts.Take(VisibleHosts)];
            }
        }
    }

    public int HostCount
    {
        get
        {
            lock (_hosts)
            {
                return VisibleHosts;
            }
        }
    }

    public bool IsFinished => _finished.Task.IsCompleted;

    /// <summary>Completes when the scan has finished, whatever the outcome.</summary>
    public Task Finished => _finished.Task;

    public double ElapsedMs =>
        (Volatile.Read(ref _elapsedTicks) is var done and >= 0 ? done : Stopwatch.GetTimestamp() - _started) * 1000.0 / Stopwatch.Frequency;

    /// <summary>Stops the scan because the server is stopping: it ends <see cref="ScanOutcome.Interrupted"/>.</summary>
    public void Interrupt(string reason)
    {
        _interrupted = true;
        Cancel(reason);
    }

    /// <summary>Stops the scan; the reason is kept and shown.</summary>
    public void Cancel(string reason)
    {
        if (!IsFinished)
        {
            Reason ??= reason;
            _cancel.Cancel();
        }
    }

    internal async Task RunAsync(Func<ScanPlan, CancellationToken, IAsyncEnumerable<ScanEvent>> scan, DashboardMetrics metrics,
        TimeProvider time, ILogger logger)
    {
        // Counted in bulk, a few thousand results at a time: the metric must cost nothing per port.
        var counted = new long[5];
        try
        {
            await foreach (var item in scan(Plan, _cancel.Token))
            {
                if (item.Host is { } host)
                {
                    lock (_hosts)
                    {
                        _hosts.Add(host);
                    }

                    continue;
                }

                if (item.Port is not { } result)
                {
                    continue;
                }

                if (Results.Count >= Plan.Total || !Enum.IsDefined(result.State))
                {
                    // Every vantage point gives one result per probe; one that gives more is not believed.
                    throw new Web.Vantage.VantageMisbehavedException(
                        $"{From} sent more results than the scan's {Plan.Total} probes, or one with an unknown state; the scan was stopped");
                }

                Results.Append(result);
                counted[(int)result.State]++;
                if (result.State == ProbeState.Open)
                {
                    OpenCount++;
                }

                if (Results.Count % 4_096 == 0)
                {
                    metrics.ScanProgressed(counted);
                    Array.Clear(counted);
                }
            }

            Outcome = ScanOutcome.Completed;
        }
        catch (OperationCanceledException)
        {
            Outcome = _interrupted ? ScanOutcome.Interrupted : ScanOutcome.Cancelled;
            ScanLog.Cancelled(logger, Id, Reason ?? "cancelled");
        }
        catch (Web.Vantage.VantageLostException e)
        {
            // The agent it ran on dropped: what arrived is kept.
            Outcome = ScanOutcome.Interrupted;
            Reason = e.Message;
            ScanLog.Cancelled(logger, Id, e.Message);
        }
        catch (Exception e) when (e is Web.Vantage.VantageMisbehavedException or RequestRefusedException)
        {
            // Said in plain words for the people watching (an agent's refusal, a broken plan).
            Outcome = ScanOutcome.Failed;
            Reason = e.Message;
            ScanLog.Failed(logger, Id, e);
        }
        catch (Exception e)
        {
            // The exception's own text is for the log, not for the people watching.
            Outcome = ScanOutcome.Failed;
            Reason = $"the scan failed on the server ({e.GetType().Name}); the server's log has the details under scan {Id}";
            ScanLog.Failed(logger, Id, e);
        }
        finally
        {
            metrics.ScanProgressed(counted);
            metrics.ScanFinished(Results.Count, ElapsedMs);
            Volatile.Write(ref _elapsedTicks, Stopwatch.GetTimestamp() - _started);
            FinishedAt = time.GetUtcNow();
            await JournalEndAsync(logger);
            _finished.TrySetResult();
        }
    }

    /// <summary>
    /// Everything done so far, then live, in batches of at most <paramref name="batchSize"/>, one at
    /// least every <paramref name="flushInterval"/> while results or progress come; the last has <c>done</c>.
    /// </summary>
    /// <remarks><paramref name="compact"/>: results without endpoints go in <see cref="ScanBatch.Compact"/>'s columns.</remarks>
    public async IAsyncEnumerable<ScanBatch> WatchAsync(bool openOnly, int batchSize, TimeSpan flushInterval, bool compact,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _watching);
        try
        {
            await foreach (var batch in BatchesAsync(openOnly, batchSize, flushInterval, compact ? new CompactBatchBuilder(Results) : null, cancellationToken))
            {
                yield return batch;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _watching);
        }
    }

    /// <summary>Watchers whose stream has not ended: once a finished scan has none, every watcher has had its last batch.</summary>
    public int Watching => Volatile.Read(ref _watching);

    private async IAsyncEnumerable<ScanBatch> BatchesAsync(bool openOnly, int batchSize, TimeSpan flushInterval, CompactBatchBuilder? compact,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var counts = new long[5];
        var batch = new List<ProbeResult>();
        var hosts = new HostTally(this);
        long read = 0, sent = -1;
        var lastSent = Stopwatch.GetTimestamp();
        while (true)
        {
            var finished = IsFinished;
            hosts.ReadNew();
            var available = Visible;
            for (; read < available; read++)
            {
                var state = Results.StateAt(read);
                counts[(int)state]++;
                if (!openOnly || state == ProbeState.Open)
                {
                    if (compact is null || !compact.TryAdd(read))
                    {
                        batch.Add(Results[read]);
                    }

                    if (batch.Count + (compact?.Count ?? 0) == batchSize)
                    {
                        yield return Batch(batch, read + 1, counts, hosts, compact, done: false);
                        (batch, sent, lastSent) = (new List<ProbeResult>(), read + 1, Stopwatch.GetTimestamp());
                    }
                }
            }

            if (finished)
            {
                yield return Batch(batch, read, counts, hosts, compact, done: true);
                yield break;
            }

            var waited = Stopwatch.GetElapsedTime(lastSent);
            if (waited >= flushInterval && (batch.Count > 0 || sent != read || hosts.Pending))
            {
                yield return Batch(batch, read, counts, hosts, compact, done: false);
                (batch, sent, lastSent, waited) = (new List<ProbeResult>(), read, Stopwatch.GetTimestamp(), TimeSpan.Zero);
            }

            var wait = waited < flushInterval ? flushInterval - waited : flushInterval;
            await Task.WhenAny(Finished, Task.Delay(wait, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Running (until its end is recorded and published), or how it ended.</summary>
    public ScanState State => IsFinished ? StateOf(Outcome) : ScanState.Running;

    /// <summary>The state an outcome reads as; running while there is none.</summary>
    internal static ScanState StateOf(ScanOutcome? outcome) => outcome switch
    {
        null => ScanState.Running,
        ScanOutcome.Completed => ScanState.Completed,
        ScanOutcome.Cancelled => ScanState.Cancelled,
        ScanOutcome.Interrupted => ScanState.Interrupted,
        _ => ScanState.Failed,
    };

    /// <summary>Finished probes per state so far.</summary>
    public ScanCounts Counts()
    {
        var counts = new long[5];
        var count = Visible;
        for (long i = 0; i < count; i++)
        {
            counts[(int)Results.StateAt(i)]++;
        }

        return new ScanCounts(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    /// <summary>The results whose state is in <paramref name="states"/> (all when null), in arrival order.</summary>
    public IEnumerable<ProbeResult> Select(IReadOnlySet<ProbeState>? states)
    {
        var count = Visible;
        for (long i = 0; i < count; i++)
        {
            if (states is null || states.Contains(Results.StateAt(i)))
            {
                yield return Results[i];
            }
        }
    }

    /// <summary>
    /// One page of <see cref="Select"/>, and how many match in all: only the page's results are
    /// built, the rest is counted from the compact log.
    /// </summary>
    public (long Matching, List<ProbeResult> Page) Page(IReadOnlySet<ProbeState>? states, long skip, int take)
    {
        var page = new List<ProbeResult>(Math.Min(take, 1_024));
        long matching = 0;
        var count = Visible;
        for (long i = 0; i < count; i++)
        {
            if (states is null || states.Contains(Results.StateAt(i)))
            {
                if (matching >= skip && page.Count < take)
                {
                    page.Add(Results[i]);
                }

                matching++;
            }
        }

        return (matching, page);
    }

    /// <summary>Called when the job is forgotten; a finished job has nothing left to cancel.</summary>
    public void Dispose() => _cancel.Dispose();

    // The ports of a host found down are never probed: they count as completed, so progress reaches the total.
    private ScanBatch Batch(List<ProbeResult> results, long completed, long[] counts, HostTally hosts, CompactBatchBuilder? compact, bool done) =>
        new(Id, results, completed + (hosts.Down * Plan.Ports.Count), Plan.Total, done,
            new ScanCounts(counts[0], counts[1], counts[2], counts[3], counts[4]), done ? Outcome : null, ElapsedMs,
            hosts.Take(), new HostCounts(hosts.Up, hosts.Down), compact?.Take());

    /// <summary>One watcher's view of the hosts: which it has read, and which it has not sent yet.</summary>
    private sealed class HostTally(ScanJob job)
    {
        private readonly List<HostResult> _unsent = [];
        private int _read;

        public long Up { get; private set; }

        public long Down { get; private set; }

        public bool Pending => _unsent.Count > 0;

        public void ReadNew()
        {
            lock (job._hosts)
            {
                for (var visible = job.VisibleHosts; _read < visible; _read++)
                {
                    var host = job._hosts[_read];
                    _unsent.Add(host);
                    if (host.State == HostState.Up)
                    {
                        Up++;
                    }
                    else
                    {
                        Down += host.Addresses;
                    }
                }
            }
        }

        /// <summary>The hosts not sent yet, or null when there are none (the batch then leaves them out).</summary>
        public List<HostResult>? Take()
        {
            if (_unsent.Count == 0)
            {
                return null;
            }

            var taken = new List<HostResult>(_unsent);
            _unsent.Clear();
            return taken;
        }
    }
}

/// <summary>What the target policy took out of a scan before it ran.</summary>
/// <param name="Addresses">Addresses skipped: every port of them denied.</param>
/// <param name="Ports">Ports skipped for every address (some address denied them; a scan has one port list).</param>
/// <param name="Note">The first denial, naming its rule: <c>169.254.169.254 is denied by policy rule 'link-local'</c>.</param>
public sealed record ScanDenials(int Addresses, int Ports, string? Note)
{
    public static ScanDenials None { get; } = new(0, 0, null);
}
