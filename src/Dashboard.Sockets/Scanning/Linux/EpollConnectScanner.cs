using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Budget;

namespace Dashboard.Sockets.Scanning.Linux;

/// <summary>
/// The Linux scanner: one epoll thread per core, each with its share of the concurrency window,
/// raw non-blocking connects and no per-socket .NET objects. Timeouts adapt to each host's round
/// trips, a port without an answer is retried with a fresh connect, and the connects in flight
/// toward a host follow its congestion window (see <see cref="Timing.HostTiming"/>); every socket
/// is taken from the <see cref="SocketBudget"/>. Cancellation or disposing the enumerator stops
/// every worker, which closes its sockets before the enumeration ends.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class EpollConnectScanner(TimeProvider timeProvider, SocketBudget budget) : IConnectScanner
{
    /// <summary>Below this many probes per worker another thread costs more than it brings.</summary>
    private const int ProbesPerWorker = 2_048;

    public async IAsyncEnumerable<ProbeResult> ScanAsync(ScanPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        cancellationToken.ThrowIfCancellationRequested();
        var workers = (int)Math.Clamp(plan.Total / ProbesPerWorker, 1, Math.Min(Environment.ProcessorCount, plan.Concurrency));
        using var share = budget.JoinScan(plan.Concurrency);
        using var run = new EpollScanRun(plan, timeProvider.GetUtcNow(), share);
        run.Start(workers, (plan.Concurrency + workers - 1) / workers);
        try
        {
            await foreach (var batch in run.Results.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var result in batch)
                {
                    yield return result;
                }
            }
        }
        finally
        {
            run.Stop();
            await run.WorkersDone;
        }
    }
}
