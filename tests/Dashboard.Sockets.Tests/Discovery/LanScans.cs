using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Sockets.Tests.Discovery;

/// <summary>A whole scan through <see cref="NetworkScanner"/>, its host and port results apart.</summary>
internal static class LanScans
{
    public static async Task<(List<HostResult> Hosts, List<ProbeResult> Ports)> RunAsync(ScanRequest request, ScanOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var plan = await Engine.Planner(options).PlanAsync(request, cancellationToken);
        var hosts = new List<HostResult>();
        var ports = new List<ProbeResult>();
        await foreach (var item in Engine.Network(options).ScanAsync(plan, cancellationToken))
        {
            if (item.Host is { } host)
            {
                hosts.Add(host);
            }
            else
            {
                ports.Add(item.Port!);
            }
        }

        return (hosts, ports);
    }
}
