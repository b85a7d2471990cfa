using System.Globalization;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>
/// Takes an agent's scan results only as the plan it was sent allows: a port result for an (address, port) of the plan,
/// once; a host result for an address of the plan, once; so never more than the plan's size. Each is rebuilt with the
/// plan's host and address and cleaned (<see cref="AgentRecords"/>). Anything else is dropped and counted, and the
/// first such thing said in plain words: the caller then stops the scan.
/// </summary>
internal sealed class AgentScanGuard
{
    private readonly ScanPlan _plan;
    private readonly Dictionary<(string Host, string Address), int> _targets = [];
    private readonly Dictionary<int, int> _ports = [];
    private readonly ulong[] _portSeen;
    private readonly bool[] _hostSeen;

    public AgentScanGuard(ScanPlan plan)
    {
        _plan = plan;
        for (var i = 0; i < plan.Targets.Count; i++)
        {
            _targets.TryAdd((plan.Targets[i].Label, plan.Targets[i].AddressText), i);
        }

        for (var i = 0; i < plan.Ports.Count; i++)
        {
            _ports.TryAdd(plan.Ports[i], i);
        }

        _portSeen = new ulong[(plan.Total + 63) / 64];
        _hostSeen = new bool[plan.Targets.Count];
    }

    /// <summary>Results taken so far.</summary>
    public long Accepted { get; private set; }

    /// <summary>Results dropped so far: not in the plan, repeated, or malformed.</summary>
    public long Dropped { get; private set; }

    /// <summary>What the first dropped result was, in plain words.</summary>
    public string? FirstProblem { get; private set; }

    /// <summary>The chunk's results that belong to the plan, hosts first, cleaned; the others counted in <see cref="Dropped"/>.</summary>
    public List<ScanEvent> Take(AgentScanChunk? chunk)
    {
        var taken = new List<ScanEvent>(chunk?.PortCount ?? 0);
        if (chunk is null)
        {
            Reject<object>("an empty message");
            return taken;
        }

        foreach (var host in chunk.Hosts ?? [])
        {
            if (Host(host) is { } kept)
            {
                taken.Add(kept);
            }
        }

        foreach (var port in chunk.Ports ?? [])
        {
            if (Port(port) is { } kept)
            {
                taken.Add(kept);
            }
        }

        if (chunk.Compact is { } compact)
        {
            Expand(compact, taken);
        }

        return taken;
    }

    /// <summary>Why the scan stops, for its watchers: what was dropped, how many, and what came first.</summary>
    public string Reason(string agent) => string.Create(CultureInfo.InvariantCulture,
        $"agent {agent} sent {Dropped:N0} result{(Dropped == 1 ? "" : "s")} outside the scan it was given (the first: {FirstProblem}); they were dropped, {Accepted:N0} of its {_plan.Total:N0} probes were kept, and the scan was stopped");

    private HostResult? Host(HostResult? host)
    {
        if (host is null || !_targets.TryGetValue((host.Host ?? "", host.Address ?? ""), out var index))
        {
            return Reject<HostResult>($"a host result for {Shown(host?.Host)} at {Shown(host?.Address)}, an address it was not given");
        }

        if (!Enum.IsDefined(host.State))
        {
            return Reject<HostResult>($"a host result for {host.Address} with a state that is not one");
        }

        var last = index;
        if (host.LastAddress is not null || host.Count is not null)
        {
            // A run of down addresses: both ends in the plan, in order, and the count exactly the addresses between them.
            if (host.State != HostState.Down || host.LastAddress is null ||
                !_targets.TryGetValue((host.LastAddress, host.LastAddress), out last) || last <= index || host.Count != last - index + 1)
            {
                return Reject<HostResult>($"a run of down hosts from {host.Address} to {Shown(host.LastAddress)} that is not a run of the addresses it was given");
            }
        }

        for (var i = index; i <= last; i++)
        {
            if (_hostSeen[i])
            {
                return Reject<HostResult>($"a second host result for {_plan.Targets[i].AddressText}");
            }
        }

        Array.Fill(_hostSeen, true, index, last - index + 1);
        var target = _plan.Targets[index];
        return AgentRecords.Host(host, target.Label, target.AddressText) with
        {
            LastAddress = last > index ? _plan.Targets[last].AddressText : null,
            Count = last > index ? last - index + 1 : null,
        };
    }

    private ProbeResult? Port(ProbeResult? result)
    {
        if (result is null || !_targets.TryGetValue((result.Host ?? "", result.Address ?? ""), out var target))
        {
            return Reject<ProbeResult>($"a result for {Shown(result?.Host)} at {Shown(result?.Address)} port {result?.Port}, an address it was not given");
        }

        if (!_ports.TryGetValue(result.Port, out var port))
        {
            return Reject<ProbeResult>($"a result for {result.Address} port {result.Port}, a port it was not given");
        }

        if (!Enum.IsDefined(result.State))
        {
            return Reject<ProbeResult>($"a result for {result.Address} port {result.Port} with a state that is not one");
        }

        var probe = ((long)target * _plan.Ports.Count) + port;
        ref var word = ref _portSeen[probe >> 6];
        var bit = 1UL << (int)(probe & 63);
        if ((word & bit) != 0)
        {
            return Reject<ProbeResult>($"a second result for {result.Address} port {result.Port}");
        }

        word |= bit;
        Accepted++;
        var planned = _plan.Targets[target];
        return AgentRecords.Probe(result, planned.Label, planned.AddressText);
    }

    // The columns are read by index: a row that names a table entry the chunk does not have is dropped, never thrown.
    private void Expand(CompactResults compact, List<ScanEvent> taken)
    {
        if (compact is not { Port: { } ports, Targets: { } targets, Shapes: { } shapes, Services: { } services, Target: { } target, Shape: { } shape,
                RttUs: { } rttUs, AtMs: { } atMs, Service: { } service }
            || target.Count != ports.Count || shape.Count != ports.Count || rttUs.Count != ports.Count || atMs.Count != ports.Count
            || service.Count != ports.Count)
        {
            Reject<object>("a chunk whose columns do not line up", Math.Max(1, compact.Port?.Count ?? 0));
            return;
        }

        // An origin near the ends of time would throw when the rows' milliseconds are added: such rows are stamped now.
        var originUsable = compact.Origin > DateTimeOffset.MinValue.AddDays(30) && compact.Origin < DateTimeOffset.MaxValue.AddDays(-30);
        for (var i = 0; i < ports.Count; i++)
        {
            var (t, s, v) = (target[i], shape[i], service[i]);
            if ((uint)t >= (uint)targets.Count || (uint)s >= (uint)shapes.Count || v >= services.Count
                || targets[t] is not { } host || shapes[s] is not { } kind)
            {
                Reject<object>("a row naming a target, shape or service its chunk does not have");
                continue;
            }

            var row = new ProbeResult(host.Host, host.Address, ports[i], kind.State, kind.Code, kind.CodeName, kind.SocketError, kind.Message,
                rttUs[i] < 0 ? null : rttUs[i] / 1000.0, null, null, originUsable ? compact.Origin.AddMilliseconds(atMs[i]) : DateTimeOffset.UtcNow,
                v < 0 ? null : services[v], kind.Attempts);
            if (Port(row) is { } kept)
            {
                taken.Add(kept);
            }
        }
    }

    private T? Reject<T>(string problem, long count = 1)
        where T : class
    {
        Dropped += count;
        FirstProblem ??= problem;
        return null;
    }

    private static string Shown(string? text) => text is null ? "nothing" : $"'{AgentText.Clean(text, AgentText.MaxName)}'";
}
