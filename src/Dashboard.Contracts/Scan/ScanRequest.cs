namespace Dashboard.Contracts.Scan;

/// <summary>A TCP connect scan of every target × every port.</summary>
/// <param name="Targets">Comma or space separated names, IPv4/IPv6 literals and CIDR blocks (<c>10.0.0.0/28</c>).</param>
/// <param name="Ports">nmap syntax: <c>22,80,443,8000-8100</c>, <c>-</c> for all, <c>top100</c>, <c>top1000</c>.</param>
/// <param name="TimeoutMs">The longest a connect waits for an answer before it is retried; the server's default when null. Shorter when round trips measured on the host allow.</param>
/// <param name="Concurrency">Connects in flight at once; the server's default when null, capped by the server.</param>
/// <param name="OpenOnly">Send only open results (all are still counted).</param>
/// <param name="Discovery">Find out first which hosts are up: <c>auto</c> (default: for more than one address), <c>on</c>, <c>off</c> (nmap's -Pn).</param>
/// <param name="AllAddresses">For a name with several addresses: scan every one (true) or only the first (false, the default).</param>
/// <param name="Compact">Send the results without endpoints (closed, filtered…) in columns (<see cref="ScanBatch.Compact"/>): a
/// fraction of the bytes and of the client's parsing for large scans. False (the default): every result whole in <c>results</c>.</param>
public sealed record ScanRequest(
    string Targets,
    string Ports,
    int? TimeoutMs = null,
    int? Concurrency = null,
    bool OpenOnly = false,
    HostDiscovery Discovery = HostDiscovery.Auto,
    bool AllAddresses = false,
    bool Compact = false);
