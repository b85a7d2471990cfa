using System.Runtime.CompilerServices;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Discovery;

namespace Dashboard.Sockets.Scanning;

/// <summary>
/// A whole scan as the user asked for it: host discovery first when the plan says so (each host's
/// result streamed as it is decided), then the ports of the hosts that are up, with their
/// measured round trips as the first timeout estimate. Without discovery every target is reported
/// up (<c>user-set</c>, nmap's -Pn) and scanned.
/// </summary>
public sealed class NetworkScanner(IConnectScanner ports, HostDiscoverer discoverer, TimeProvider time)
{
    public async IAsyncEnumerable<ScanEvent> ScanAsync(ScanPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        cancellationToken.ThrowIfCancellationRequested();
        var up = new List<ResolvedTarget>(plan.Targets.Count);
        if (plan.DiscoverHosts)
        {
            var byAddress = plan.Targets.ToDictionary(t => t.AddressText, StringComparer.Ordinal);
            await foreach (var host in discoverer.DiscoverAsync(plan.Targets, plan.Ports, cancellationToken))
            {
                if (host.State == HostState.Up)
                {
                    up.Add(byAddress[host.Address] with { KnownRttMs = host.RttMs });
                }

                yield return host;
            }

            // Discovery reports in the order hosts answer; ports are scanned in the order the user gave.
            var order = plan.Targets.Select((t, i) => (t.AddressText, i)).ToDictionary(p => p.AddressText, p => p.i, StringComparer.Ordinal);
            up.Sort((a, b) => order[a.AddressText].CompareTo(order[b.AddressText]));
        }
        else
        {
            foreach (var target in plan.Targets)
            {
                up.Add(target);
                yield return new HostResult(target.Label, target.AddressText, HostState.Up, HostMethods.UserSet, null, null,
                    "host discovery is off: scanned as if up", time.GetUtcNow());
            }
        }

        if (up.Count == 0)
        {
            yield break;
        }

        await foreach (var port in ports.ScanAsync(plan.WithTargets(up), cancellationToken))
        {
            yield return port;
        }
    }
}
