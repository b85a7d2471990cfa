using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Discovery;

namespace Dashboard.Sockets.Scanning;

/// <summary>
/// A whole scan as the user asked for it. With host discovery, each host's result is streamed as it
/// is decided, and the ports of hosts found up are scanned while discovery goes on (hosts that
/// answer at once are not kept waiting for absent ones, whose neighbour resolution takes seconds):
/// one port scan at a time, of every host found up since the last one started, with their
/// measured round trips as the first timeout estimate. Without discovery every target is reported
/// up (<c>user-set</c>, nmap's -Pn) and scanned.
/// </summary>
public sealed class NetworkScanner(IConnectScanner ports, HostDiscoverer discoverer, TimeProvider time)
{
    // Results wait here while the reader is slower than the sockets; the scans wait when it is full.
    private const int Buffered = 8_192;

    public async IAsyncEnumerable<ScanEvent> ScanAsync(ScanPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        cancellationToken.ThrowIfCancellationRequested();
        if (!plan.DiscoverHosts)
        {
            foreach (var target in plan.Targets)
            {
                yield return new HostResult(target.Label, target.AddressText, HostState.Up, HostMethods.UserSet, null, null,
                    "host discovery is off: scanned as if up", time.GetUtcNow());
            }

            await foreach (var port in ports.ScanAsync(plan, cancellationToken))
            {
                yield return port;
            }

            yield break;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = Channel.CreateBounded<ScanEvent>(new BoundedChannelOptions(Buffered) { SingleReader = true });
        var found = Channel.CreateUnbounded<ResolvedTarget>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var discovering = DiscoverAsync(plan, found.Writer, events.Writer, stop.Token);
        var scanning = ScanPortsAsync(plan, found.Reader, events.Writer, stop.Token);
        _ = Task.WhenAll(discovering, scanning).ContinueWith(t => events.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        try
        {
            await foreach (var item in events.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            // The reader left early (cancelled, or an error): stop both halves and let them end before the sockets' owner goes.
            await stop.CancelAsync();
            await Task.WhenAll(discovering, scanning).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task DiscoverAsync(ScanPlan plan, ChannelWriter<ResolvedTarget> found, ChannelWriter<ScanEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            var byAddress = plan.Targets.ToDictionary(t => t.AddressText, StringComparer.Ordinal);
            await foreach (var host in discoverer.DiscoverAsync(plan.Targets, plan.Ports, plan.DiscoveryPorts, cancellationToken))
            {
                if (host.State == HostState.Up)
                {
                    found.TryWrite(byAddress[host.Address] with { KnownRttMs = host.RttMs });
                }

                await events.WriteAsync(host, cancellationToken);
            }
        }
        finally
        {
            found.TryComplete();
        }
    }

    private async Task ScanPortsAsync(ScanPlan plan, ChannelReader<ResolvedTarget> found, ChannelWriter<ScanEvent> events, CancellationToken cancellationToken)
    {
        // Within one port scan, hosts go in the order the user gave them.
        var order = plan.Targets.Select((t, i) => (t.AddressText, i)).ToDictionary(p => p.AddressText, p => p.i, StringComparer.Ordinal);
        while (await found.WaitToReadAsync(cancellationToken))
        {
            var up = new List<ResolvedTarget>();
            while (found.TryRead(out var target))
            {
                up.Add(target);
            }

            up.Sort((a, b) => order[a.AddressText].CompareTo(order[b.AddressText]));
            await foreach (var port in ports.ScanAsync(plan.WithTargets(up), cancellationToken))
            {
                await events.WriteAsync(port, cancellationToken);
            }
        }
    }
}
