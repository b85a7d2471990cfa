using Dashboard.Contracts.History;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Components;
using Dashboard.Web.Features.Scan;

namespace Dashboard.Web.Features.History;

/// <summary>nmap's ndiff for two scans: the hosts that went up or down, the ports whose state changed.</summary>
public static class ScanComparer
{
    public static ScanComparison Compare(ScanJob a, ScanJob b)
    {
        var before = StatesOf(a);
        var after = StatesOf(b);
        var ports = new List<PortChange>();
        long unchanged = 0;
        foreach (var (key, was) in before)
        {
            if (!after.TryGetValue(key, out var now))
            {
                ports.Add(new PortChange(key.Address, key.Port, WireName.Of(was.State), null, was.Service));
            }
            else if (now.State != was.State)
            {
                ports.Add(new PortChange(key.Address, key.Port, WireName.Of(was.State), WireName.Of(now.State), now.Service ?? was.Service));
            }
            else
            {
                unchanged++;
            }
        }

        ports.AddRange(after.Where(p => !before.ContainsKey(p.Key))
            .Select(p => new PortChange(p.Key.Address, p.Key.Port, null, WireName.Of(p.Value.State), p.Value.Service)));
        ports.Sort((x, y) => string.CompareOrdinal(x.Address, y.Address) is var c and not 0 ? c : x.Port.CompareTo(y.Port));

        var hostsBefore = HostsOf(a);
        var hostsAfter = HostsOf(b);
        var hosts = hostsBefore.Keys.Union(hostsAfter.Keys)
            .Select(address => (address, was: hostsBefore.GetValueOrDefault(address), now: hostsAfter.GetValueOrDefault(address)))
            .Where(h => h.was.State != h.now.State)
            .Select(h => new HostChange(h.address, h.was.Name ?? h.now.Name, h.was.State, h.now.State))
            .OrderBy(h => h.Address, StringComparer.Ordinal)
            .ToList();
        var same = a.Plan.Targets.Select(t => t.AddressText).Order().SequenceEqual(b.Plan.Targets.Select(t => t.AddressText).Order())
                   && a.Plan.Ports.Order().SequenceEqual(b.Plan.Ports.Order());
        return new ScanComparison(a.Id, b.Id, $"{a.Request.Targets} ports {a.Request.Ports}", $"{b.Request.Targets} ports {b.Request.Ports}", same, hosts,
            ports, unchanged);
    }

    private static Dictionary<(string Address, int Port), (ProbeState State, string? Service)> StatesOf(ScanJob job)
    {
        var states = new Dictionary<(string, int), (ProbeState, string?)>();
        foreach (var result in job.Select(null))
        {
            states[(result.Address ?? result.Host, result.Port)] = (result.State, result.Service);
        }

        return states;
    }

    // Up or down as discovery said; without discovery, a host with results was up.
    private static Dictionary<string, (string? State, string? Name)> HostsOf(ScanJob job)
    {
        var hosts = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        foreach (var host in job.Hosts)
        {
            hosts[host.Address] = (WireName.Of(host.State), host.Host == host.Address ? null : host.Host);
        }

        foreach (var result in job.Select(null))
        {
            hosts.TryAdd(result.Address ?? result.Host, (WireName.Of(HostState.Up), result.Host == result.Address ? null : result.Host));
        }

        return hosts;
    }
}
