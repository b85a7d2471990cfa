using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Trace;

/// <summary>
/// A trace to one TCP or UDP port: connects (or sends datagrams) with a rising TTL / hop limit, reading the ICMP answers
/// of the hops on the way.
/// </summary>
/// <param name="Host">A name, an IPv4 literal or an IPv6 literal.</param>
/// <param name="Port">1-65535.</param>
/// <param name="Protocol"><c>tcp</c> (the default: SYNs, as <c>traceroute -T</c>) or <c>udp</c> (datagrams, as <c>traceroute -U</c>).</param>
/// <param name="MaxHops">The highest TTL tried (the server's default when null, 30; at most 64).</param>
/// <param name="Tries">Probes per hop (the server's default when null, 3; at most 5).</param>
/// <param name="TimeoutMs">How long each try waits for an answer (the server's default when null).</param>
public sealed record TraceRequest(
    string Host,
    int Port,
    TraceProtocol? Protocol = null,
    int? MaxHops = null,
    int? Tries = null,
    int? TimeoutMs = null)
{
    /// <summary>The vantage point to trace from: an agent's name or id; this server when null.</summary>
    public string? From { get; init; }
}

/// <summary>What a trace's probes are.</summary>
[JsonConverter(typeof(WireEnumConverter<TraceProtocol>))]
public enum TraceProtocol
{
    /// <summary>TCP SYNs (a connect), as <c>traceroute -T</c>.</summary>
    [JsonStringEnumMemberName("tcp")] Tcp,

    /// <summary>
    /// UDP datagrams to the port, as <c>traceroute -U -p PORT</c>: "port unreachable" from the target is closed, a
    /// datagram back is open, silence after the last hop is open|filtered.
    /// </summary>
    [JsonStringEnumMemberName("udp")] Udp,
}
