using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Probing;

namespace Dashboard.Sockets.Scanning;

/// <summary>
/// The portable scanner: <see cref="TcpProber.ConnectAsync"/> for each probe, <see cref="ScanPlan.Concurrency"/>
/// at a time. Used where the epoll scanner is not available (anything but Linux).
/// </summary>
public sealed class SocketConnectScanner(TcpProber prober) : IConnectScanner
{
    public async IAsyncEnumerable<ProbeResult> ScanAsync(ScanPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var results = Channel.CreateBounded<ProbeResult>(new BoundedChannelOptions(4_096) { SingleReader = true });
        var options = new ParallelOptions { MaxDegreeOfParallelism = plan.Concurrency, CancellationToken = stop.Token };
        var producer = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForAsync(0L, plan.Total, options, async (index, token) =>
                {
                    var (target, port) = plan[index];
                    await results.Writer.WriteAsync(await prober.ConnectAsync(target, port, plan.TimeoutMs, token), token);
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
}
