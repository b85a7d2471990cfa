using System.Globalization;
using System.Net;
using Dashboard.Contracts.Agents;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Scanning.Timing;
using Dashboard.Sockets.Targets;

namespace Dashboard.Agent;

/// <summary>
/// Work as the dashboard checked it: targets are IP addresses, never names. The dashboard applied its policy to the
/// addresses it sends; were the agent to resolve a name again, a name answering differently the second time (TTL 0)
/// would reach an address nobody checked. So a name is refused here, and the owner's policy is checked on each address.
/// </summary>
public sealed class CheckedWork(AgentPolicy policy, ScanPlanner planner)
{
    /// <summary>The longest target label an order may carry: a host name's limit.</summary>
    public const int MaxLabelLength = 253;

    /// <summary>The address a probe, send or path check aims at, allowed by the owner's policy.</summary>
    /// <exception cref="InvalidRequestException">Not an IP address, or a bad port.</exception>
    /// <exception cref="RequestRefusedException">Forbidden by the owner's policy.</exception>
    public IPAddress Target(string? host, int port)
    {
        if ((PortNumber.Problem(port) ?? (host is null ? "host is required" : null)) is { } problem)
        {
            throw new InvalidRequestException(problem);
        }

        var address = Literal("host", host!);
        policy.CheckTarget(address, port);
        return address;
    }

    /// <summary>The scan to run: exactly the order's addresses and ports, within this agent's bounds and its owner's policy.</summary>
    /// <exception cref="InvalidRequestException">A name instead of an address, or out of bounds.</exception>
    /// <exception cref="RequestRefusedException">An address or port the owner's policy forbids.</exception>
    public ScanPlan Scan(AgentScanOrder order)
    {
        var bounds = planner.Options;
        if (order.Targets is not { Count: > 0 } targets || targets.Count > bounds.MaxAddresses)
        {
            throw new InvalidRequestException($"targets must hold 1-{bounds.MaxAddresses} addresses, got {order.Targets?.Count ?? 0}");
        }

        if (order.Ports is not { Count: > 0 } ports || ports.Distinct().Count() != ports.Count || ports.Any(p => PortNumber.Problem(p) is not null))
        {
            throw new InvalidRequestException($"ports must be 1-65535, each once, at least one; got {Describe(order.Ports)}");
        }

        if ((long)targets.Count * ports.Count > bounds.MaxProbes)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"the scan would make {(long)targets.Count * ports.Count:N0} probes; this agent makes at most {bounds.MaxProbes:N0}"));
        }

        if ((planner.TimeoutProblem(order.TimeoutMs) ?? planner.ConcurrencyProblem(order.Concurrency)) is { } problem)
        {
            throw new InvalidRequestException(problem);
        }

        var resolved = new List<ResolvedTarget>(targets.Count);
        foreach (var target in targets)
        {
            if (target?.Label is not { Length: > 0 and <= MaxLabelLength } label || label.Any(char.IsControl))
            {
                throw new InvalidRequestException($"targets: each label must be 1-{MaxLabelLength} printable characters");
            }

            var address = Literal("targets", target.Address);
            foreach (var port in ports)
            {
                policy.CheckTarget(address, port);
            }

            resolved.Add(new ResolvedTarget(label, address));
        }

        var timing = new ScanTiming(Math.Min(bounds.MinTimeoutMs, order.TimeoutMs), order.TimeoutMs, bounds.MaxAttempts, bounds.InitialHostWindow);
        // Discovery connects only where both policies allow: the dashboard's list (or this agent's own), less what its owner denies.
        var discovery = (order.DiscoveryPorts ?? bounds.DiscoveryPorts).Where(p => p is >= 1 and <= 65_535).Distinct().Take(MaxDiscoveryPorts)
            .Where(p => resolved.All(t => Allows(t.Address, p))).ToArray();
        return new ScanPlan(resolved, [.. ports], order.TimeoutMs, order.Concurrency, timing, order.DiscoverHosts) { DiscoveryPorts = discovery };
    }

    // Discovery ports are few; more than this from a dashboard is not a list worth following.
    private const int MaxDiscoveryPorts = 16;

    private bool Allows(IPAddress address, int port)
    {
        try
        {
            policy.CheckTarget(address, port);
            return true;
        }
        catch (RequestRefusedException)
        {
            return false;
        }
    }

    /// <exception cref="InvalidRequestException">Not an IP address.</exception>
    private static IPAddress Literal(string field, string? text) =>
        text is not null && HostName.TryParseAddress(text.Trim(), out var address)
            ? address
            : throw new InvalidRequestException(
                $"{field} must be an IP address: this agent runs only work whose addresses the dashboard resolved and checked, and resolves no target's name; got '{Shown(text)}'");

    private static string Shown(string? text) =>
        text is null ? "" : string.Concat(text.Take(64).Select(c => char.IsControl(c) ? ' ' : c));

    private static string Describe(IReadOnlyList<int>? ports) =>
        ports is null ? "none" : string.Join(",", ports.Take(8)) + (ports.Count > 8 ? $",… ({ports.Count} in all)" : "");
}
