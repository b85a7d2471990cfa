using Dashboard.Contracts.History;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features.Scan;

namespace Dashboard.Web.Features.History;

/// <summary>
/// nmap's ndiff for two scans: the hosts that went up or down, the ports whose state changed. Both scans' results are
/// ordered by address and port (<see cref="ResultsByHost"/>, 12 bytes a result) and merged, so only the changes are built.
/// </summary>
public static class ScanComparer
{
    public static ScanComparison Compare(ScanJob a, ScanJob b)
    {
        var before = new ResultsByHost(a, null, null);
        var after = new ResultsByHost(b, null, null);
        var numeric = new AddressOrder();
        var ports = new List<PortChange>();
        long unchanged = 0;
        int i = 0, j = 0;
        while (i < before.Addresses.Count || j < after.Addresses.Count)
        {
            var order = i == before.Addresses.Count ? 1 : j == after.Addresses.Count ? -1 : numeric.Compare(before.Addresses[i], after.Addresses[j]);
            var was = order <= 0 ? before.Of(i) : default;
            var now = order >= 0 ? after.Of(j) : default;
            var address = order <= 0 ? before.Addresses[i++] : after.Addresses[j];
            j += order >= 0 ? 1 : 0;
            unchanged += MergePorts(address, was, now, ports);
        }

        var hostsBefore = HostsOf(a, before);
        var hostsAfter = HostsOf(b, after);
        var hosts = hostsBefore.Keys.Union(hostsAfter.Keys)
            .Select(address => (address, was: hostsBefore.GetValueOrDefault(address), now: hostsAfter.GetValueOrDefault(address)))
            .Where(h => h.was.State != h.now.State)
            .Select(h => new HostChange(h.address, h.was.Name ?? h.now.Name, h.was.State, h.now.State))
            .OrderBy(h => h.Address, numeric)
            .ToList();
        var same = a.Plan.Targets.Select(t => t.AddressText).Order().SequenceEqual(b.Plan.Targets.Select(t => t.AddressText).Order())
                   && a.Plan.Ports.Order().SequenceEqual(b.Plan.Ports.Order());
        return new ScanComparison(a.Id, b.Id, $"{a.Request.Targets} ports {a.Request.Ports}", $"{b.Request.Targets} ports {b.Request.Ports}", same, hosts,
            ports, unchanged);
    }

    // One address's ports in both scans, each side by port; of a port seen twice in one scan, its later result counts.
    private static long MergePorts(string address, ResultsByHost.HostSlice was, ResultsByHost.HostSlice now, List<PortChange> changes)
    {
        long unchanged = 0;
        int x = 0, y = 0;
        while (x < was.Count || y < now.Count)
        {
            var port = Math.Min(x < was.Count ? was.PortAt(x) : int.MaxValue, y < now.Count ? now.PortAt(y) : int.MaxValue);
            var hadIt = Last(was, ref x, port, out var wasAt);
            var hasIt = Last(now, ref y, port, out var nowAt);
            if (!hasIt)
            {
                var gone = was[wasAt];
                changes.Add(new PortChange(address, port, WireName.Of(gone.State), null, gone.Service));
            }
            else if (!hadIt)
            {
                var appeared = now[nowAt];
                changes.Add(new PortChange(address, port, null, WireName.Of(appeared.State), appeared.Service));
            }
            else if (was.StateAt(wasAt) != now.StateAt(nowAt))
            {
                var (old, current) = (was[wasAt], now[nowAt]);
                changes.Add(new PortChange(address, port, WireName.Of(old.State), WireName.Of(current.State), current.Service ?? old.Service));
            }
            else
            {
                unchanged++;
            }
        }

        return unchanged;
    }

    // Moves past every result of `port` at `position`; the one that arrived last is the port's result.
    private static bool Last(ResultsByHost.HostSlice side, ref int position, int port, out int last)
    {
        last = -1;
        while (position < side.Count && side.PortAt(position) == port)
        {
            if (last < 0 || side.ArrivalAt(position) > side.ArrivalAt(last))
            {
                last = position;
            }

            position++;
        }

        return last >= 0;
    }

    // Up or down as discovery said; without discovery, a host with results was up.
    private static Dictionary<string, (string? State, string? Name)> HostsOf(ScanJob job, ResultsByHost results)
    {
        var hosts = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        foreach (var host in job.Hosts)
        {
            // A run of down addresses is compared address by address: the other scan may have any of them up.
            foreach (var address in host.EachAddress())
            {
                hosts[address] = (WireName.Of(host.State), host.Host == host.Address ? null : host.Host);
            }
        }

        for (var h = 0; h < results.Addresses.Count; h++)
        {
            var first = results.Of(h)[0];
            hosts.TryAdd(results.Addresses[h], (WireName.Of(HostState.Up), first.Host == results.Addresses[h] ? null : first.Host));
        }

        return hosts;
    }
}
