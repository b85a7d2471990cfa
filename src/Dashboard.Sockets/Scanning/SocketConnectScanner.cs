using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Scanning.Timing;

namespace Dashboard.Sockets.Scanning;

/// <summary>
/// The portable scanner: <see cref="TcpProber.ConnectAsync"/> for each probe, <see cref="ScanPlan.Concurrency"/>
/// at a time (within the socket budget), each port retried with the host's adaptive timeout until it
/// answers or its attempts are spent. Used where the epoll scanner is not available (anything but Linux).
/// It sends no timing pings: a host that answers little grows its window on its silent ports alone.
/// </summary>
public sealed class SocketConnectScanner(TcpProber prober, SocketBudget budget) : IConnectScanner
{
    public async IAsyncEnumerable<ProbeResult> ScanAsync(ScanPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var share = budget.JoinScan(plan.Concurrency);
        var timing = plan.EffectiveTiming;
        var hosts = plan.Targets.Select(t => new HostTiming(timing, plan.Concurrency, t.KnownRttMs)).ToArray();
        var results = Channel.CreateBounded<ProbeResult>(new BoundedChannelOptions(4_096) { SingleReader = true });
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(plan.Concurrency, share.Limit), CancellationToken = stop.Token };
        var producer = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForAsync(0L, plan.Total, options, async (index, token) =>
                {
                    var (target, port) = plan[index];
                    var host = hosts[(int)(index / plan.Ports.Count)];
                    await results.Writer.WriteAsync(await ProbeWithRetriesAsync(target, port, host, plan, token), token);
                });
                results.Writer.Complete();
            }
            catch (Exception e)
            {
                results.Writer.Complete(e);
            }
        }, CancellationToken.None);

        try
        {
            await foreach (var result in results.Reader.ReadAllAsync(stop.Token))
            {
                yield return result;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }
    }

    private async Task<ProbeResult> ProbeWithRetriesAsync(ResolvedTarget target, int port, HostTiming host, ScanPlan plan, CancellationToken token)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var lease = await budget.LeaseAsync(token);
            while (!host.TryStart())
            {
                await Task.Delay(1, token);
            }

            var timeoutMs = (int)Math.Ceiling(host.TimeoutMs);
            var started = Stopwatch.GetTimestamp();
            var result = await prober.ConnectAsync(target, port, timeoutMs, token);
            var now = Stopwatch.GetTimestamp();
            if (result.State is ProbeState.Open or ProbeState.Closed or ProbeState.Unreachable)
            {
                host.Answered(now - started, attempt, now);
            }
            else if (result.State == ProbeState.Filtered)
            {
                host.TimedOut(now);
            }
            else
            {
                host.Abandoned();
            }

            if (plan.Timing is null)
            {
                return result;
            }

            if (result.State != ProbeState.Filtered || attempt >= host.AllowedAttempts)
            {
                return attempt == 1 ? result
                    : result.State == ProbeState.Filtered
                        ? result with { Attempts = attempt, Message = ProbeOutcomes.NoAnswerMessage(attempt, plan.EffectiveTiming.MaxTimeoutMs) }
                        : result with { Attempts = attempt };
            }
        }
    }
}
