namespace Dashboard.Contracts.Probe;

/// <summary>A TCP connect probe of one host and port, as <c>connect_ex</c> would make it.</summary>
/// <param name="Host">A name, an IPv4 literal or an IPv6 literal (with or without brackets).</param>
/// <param name="Port">1-65535.</param>
/// <param name="TimeoutMs">How long to wait for the handshake; the server's default when null.</param>
public sealed record ProbeRequest(string Host, int Port, int? TimeoutMs = null)
{
    /// <summary>The vantage point to probe from: an agent's name or id; this server when null.</summary>
    public string? From { get; init; }
}
