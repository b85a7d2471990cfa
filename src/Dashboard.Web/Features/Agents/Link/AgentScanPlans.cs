using System.Net;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Targets;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>
/// The two halves of a scan at an agent: the plan the agent answers (its names resolved where it stands), taken only
/// when it is the plan of the request the dashboard sent; and the order sent back once the policy has been applied to
/// that plan's addresses, which the agent runs as it is (addresses, never names: nothing is resolved twice).
/// </summary>
internal static class AgentScanPlans
{
    /// <summary>The agent's plan of <paramref name="request"/>, as a plan the policy can check.</summary>
    /// <exception cref="RequestRefusedException">Conflict: the answer is not a plan of that request, or is out of this dashboard's bounds.</exception>
    public static ScanPlan Accept(string agent, ScanRequest request, AgentScanPlan? planned, ScanOptions bounds)
    {
        var ports = PortSpec.Parse(request.Ports);
        var asked = new Dictionary<string, ScanTarget>(StringComparer.Ordinal);
        foreach (var target in TargetSpec.Parse(request.Targets, bounds.MaxAddresses))
        {
            asked.TryAdd(target.Label, target);
        }

        if (planned?.Targets is not { Count: > 0 } targets)
        {
            throw Broken(agent, "no targets");
        }

        if (planned.PortCount != ports.Length)
        {
            throw Broken(agent, $"{planned.PortCount} ports where the dashboard reads {ports.Length} in '{request.Ports}'");
        }

        if (targets.Count > bounds.MaxAddresses || (long)targets.Count * ports.Length > bounds.MaxProbes)
        {
            throw Broken(agent, $"{targets.Count} addresses, more than this dashboard scans ({bounds.MaxAddresses} addresses, {bounds.MaxProbes} probes)");
        }

        if (planned.TimeoutMs < 1 || planned.TimeoutMs > bounds.MaxTimeoutMs || planned.Concurrency < 1 || planned.Concurrency > bounds.MaxConcurrency)
        {
            throw Broken(agent, $"a timeout of {planned.TimeoutMs} ms and a concurrency of {planned.Concurrency}, outside this dashboard's bounds");
        }

        var resolved = new List<ResolvedTarget>(targets.Count);
        var seen = new HashSet<(string, IPAddress)>();
        foreach (var target in targets)
        {
            if (target?.Label is null || !asked.TryGetValue(target.Label, out var wanted))
            {
                throw Broken(agent, $"a target that was not asked for ('{AgentText.Clean(target?.Label, AgentText.MaxName)}')");
            }

            if (target.Address is null || !HostName.TryParseAddress(target.Address, out var address))
            {
                throw Broken(agent, $"'{AgentText.Clean(target.Address, AgentText.MaxName)}' for {wanted.Label}, which is not an IP address");
            }

            // A zone (%eth0) names an interface of the agent's, which this host may number differently: the address itself must match.
            if (wanted.Address is { } literal && !literal.GetAddressBytes().AsSpan().SequenceEqual(address.GetAddressBytes()))
            {
                throw Broken(agent, $"{address} for {wanted.Label}, another address than the one written");
            }

            if (!seen.Add((wanted.Label, address)))
            {
                throw Broken(agent, $"{wanted.Label} at {address} twice");
            }

            resolved.Add(new ResolvedTarget(wanted.Label, address));
        }

        return new ScanPlan(resolved, ports, planned.TimeoutMs, planned.Concurrency, null, planned.DiscoverHosts);
    }

    /// <summary>The plan as checked (what the policy left of it), for the agent to run.</summary>
    public static AgentScanOrder Order(ScanPlan plan) =>
        new([.. plan.Targets.Select(t => new AgentTarget(t.Label, t.AddressText))], [.. plan.Ports], plan.TimeoutMs, plan.Concurrency, plan.DiscoverHosts,
            plan.DiscoveryPorts is { } discovery ? [.. discovery] : null);

    /// <summary>An order relayed by the instance that checked it (scaled out), as the plan to send on to the agent.</summary>
    /// <exception cref="InvalidRequestException">An address that is not one.</exception>
    public static ScanPlan FromOrder(AgentScanOrder order) =>
        new([.. order.Targets.Select(t => HostName.TryParseAddress(t.Address, out var address)
                ? new ResolvedTarget(t.Label, address)
                : throw new InvalidRequestException($"targets: '{AgentText.Clean(t.Address, AgentText.MaxName)}' is not an IP address"))],
            order.Ports, order.TimeoutMs, order.Concurrency, null, order.DiscoverHosts) { DiscoveryPorts = order.DiscoveryPorts };

    private static RequestRefusedException Broken(string agent, string what) =>
        RequestRefusedException.Conflict($"agent {agent} answered the scan's plan with {what}; nothing was sent");
}
