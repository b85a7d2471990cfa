namespace Dashboard.Contracts.Scan;

/// <summary>What host discovery found out about one address of a scan; streamed like port results.</summary>
/// <param name="Host">The host as the request gave it (a name, or the address).</param>
/// <param name="Address">The address that was tried.</param>
/// <param name="State"><c>up</c> or <c>down</c>.</param>
/// <param name="Method">
/// What decided: <c>tcp-connect</c> (a connect completed), <c>tcp-refused</c> (a reset came back),
/// <c>icmp-echo</c> (an echo reply), <c>arp</c> (an ARP reply, or none), <c>no-route</c>,
/// <c>host-unreachable</c> (neighbour resolution failed), <c>no-response</c> (nothing answered in time),
/// <c>user-set</c> (discovery off: assumed up).
/// </param>
/// <param name="Detail">What exactly answered, as a person reads it (<c>port 443 refused</c>, <c>ping socket</c>, <c>raw socket</c>).</param>
/// <param name="RttMs">The round trip of the answer that proved the host up; null when down or assumed.</param>
/// <param name="Reason">One plain-language line on why the host is considered up or down.</param>
/// <param name="At">When the decision was made (UTC).</param>
public sealed record HostResult(
    string Host,
    string Address,
    HostState State,
    string Method,
    string? Detail,
    double? RttMs,
    string Reason,
    DateTimeOffset At);

/// <summary>Hosts decided so far, per state.</summary>
public sealed record HostCounts(long Up, long Down);
