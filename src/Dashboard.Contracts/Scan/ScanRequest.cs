namespace Dashboard.Contracts.Scan;

/// <summary>A TCP connect scan of every target × every port.</summary>
/// <param name="Targets">Comma or space separated names, IPv4/IPv6 literals and CIDR blocks (<c>10.0.0.0/28</c>).</param>
/// <param name="Ports">nmap syntax: <c>22,80,443,8000-8100</c>, <c>-</c> for all, <c>top100</c>, <c>top1000</c>.</param>
/// <param name="TimeoutMs">Per-connect timeout; the server's default when null.</param>
/// <param name="Concurrency">Connects in flight at once; the server's default when null, capped by the server.</param>
/// <param name="OpenOnly">Send only open results (all are still counted).</param>
public sealed record ScanRequest(string Targets, string Ports, int? TimeoutMs = null, int? Concurrency = null, bool OpenOnly = false);
