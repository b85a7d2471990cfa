namespace Dashboard.Contracts.Identify;

/// <summary>What answers on one TCP port: connect, read what the server says first, then, if it is silent, safe probes.</summary>
/// <param name="Host">A name, an IPv4 or an IPv6 literal.</param>
/// <param name="Port">1-65535.</param>
/// <param name="TimeoutMs">The longest the whole identification may take (the server's default when null); each read waits a part of it.</param>
public sealed record IdentifyRequest(string Host, int Port, int? TimeoutMs = null)
{
    /// <summary>The vantage point to identify from: an agent's name or id; this server when null.</summary>
    public string? From { get; init; }
}

/// <summary>Identify the open ports of a finished scan, or of a list of <c>host:port</c>; results stream as each port is done.</summary>
/// <param name="Targets"><c>host:port</c> items (<c>[v6]:port</c> for IPv6); ignored when the scan's id is given in the route.</param>
/// <param name="TimeoutMs">Per port, as <see cref="IdentifyRequest.TimeoutMs"/>.</param>
/// <param name="Concurrency">Ports identified at once (the server's default when null, at most its cap).</param>
public sealed record IdentifyBatchRequest(IReadOnlyList<string>? Targets = null, int? TimeoutMs = null, int? Concurrency = null)
{
    /// <summary>The vantage point to identify from: an agent's name or id; this server when null. A scan's ports are identified from where the scan ran.</summary>
    public string? From { get; init; }
}
