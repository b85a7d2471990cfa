using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Identify;

/// <summary>What answered on a port, how that was learned, and the bytes it said.</summary>
/// <param name="Host">The host as the request gave it.</param>
/// <param name="Address">The address connected to; null when the name did not resolve.</param>
/// <param name="Port">The port.</param>
/// <param name="State">The outcome.</param>
/// <param name="Service">The service's name as nmap names it (<c>ssh</c>, <c>http</c>, <c>smtp</c>, <c>redis</c>, <c>postgresql</c>, <c>mysql</c>, <c>ssl</c>...); null when not identified.</param>
/// <param name="Product">The software, when the server announces it (<c>OpenSSH</c>, <c>lighttpd</c>, <c>Exim</c>).</param>
/// <param name="Version">Its version, when announced (<c>9.2p1</c>, <c>1.4.69</c>).</param>
/// <param name="Info">More it said about itself (<c>Debian-2+deb12u3</c>, <c>TLS 1.3</c>, <c>authentication required</c>).</param>
/// <param name="LearnedBy">How: <c>banner</c> (it spoke first) or the probe it answered (<c>http</c>, <c>tls</c>, <c>redis</c>, <c>postgresql</c>); null when nothing matched.</param>
/// <param name="Confidence"><c>high</c> when the answer is the protocol's own signature, <c>medium</c> when it only fits it, <c>none</c> when not identified.</param>
/// <param name="PortName">The registry's usual name for the port (a hint only, never a finding).</param>
/// <param name="Code">0, or the native error of the connect (Linux errno: 111 refused).</param>
/// <param name="CodeName">The platform's name for <paramref name="Code"/>, <c>OK</c> for 0.</param>
/// <param name="Message">One plain line on what was found.</param>
/// <param name="Bytes">What the server said that identified it (or the first answer), bounded.</param>
/// <param name="Tried">Every read in order: the banner wait, then each probe sent.</param>
/// <param name="ElapsedMs">The whole identification.</param>
/// <param name="At">When it started (UTC).</param>
/// <param name="Id">Its id in the history (its page is <c>/services/{id}</c>); null when nothing was stored.</param>
public sealed record IdentifyResult(
    string Host,
    string? Address,
    int Port,
    IdentifyState State,
    string? Service,
    string? Product,
    string? Version,
    string? Info,
    string? LearnedBy,
    IdentifyConfidence Confidence,
    string? PortName,
    int Code,
    string CodeName,
    string Message,
    SeenBytes? Bytes,
    IReadOnlyList<IdentifyAttempt> Tried,
    double ElapsedMs,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null)
{
    /// <summary>The vantage point that identified it; set by the dashboard.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? From { get; init; }
}

/// <summary>Bytes a server sent, bounded.</summary>
/// <param name="Length">How many were received (at most the read cap).</param>
/// <param name="Hex">The kept bytes as a hex dump: offset, 16 bytes in hex, then the printable ones (others as '.').</param>
/// <param name="Text">The kept bytes as text: printable ASCII as is, line breaks kept, anything else as <c>\xNN</c>.</param>
/// <param name="Truncated">True when more was received than is kept.</param>
public sealed record SeenBytes(int Length, string Hex, string Text, bool Truncated);

/// <summary>One read: the banner wait or one probe, what came back and how long it took.</summary>
/// <param name="Probe"><c>banner</c> (nothing sent) or the probe's name (<c>http</c>, <c>tls</c>, <c>redis</c>, <c>postgresql</c>).</param>
/// <param name="Received">Bytes that came back.</param>
/// <param name="Ms">Milliseconds from connect (or send) to the end of the read.</param>
/// <param name="Outcome"><c>answered</c>, <c>silent</c> (nothing within the window), <c>closed</c> (the server closed or reset), <c>refused</c> / <c>timed-out</c> (the connect).</param>
public sealed record IdentifyAttempt(string Probe, int Received, double Ms, string Outcome);

/// <summary>What identifying a port found.</summary>
[JsonConverter(typeof(WireEnumConverter<IdentifyState>))]
public enum IdentifyState
{
    /// <summary>A service was recognised.</summary>
    [JsonStringEnumMemberName("identified")] Identified,

    /// <summary>It answered, but with nothing recognised: see the bytes.</summary>
    [JsonStringEnumMemberName("unrecognized")] Unrecognized,

    /// <summary>Open, but it said nothing, to the banner wait or to any probe.</summary>
    [JsonStringEnumMemberName("silent")] Silent,

    /// <summary>Refused: nothing listens there.</summary>
    [JsonStringEnumMemberName("closed")] Closed,

    /// <summary>The connect timed out: dropped on the way, or the host is down.</summary>
    [JsonStringEnumMemberName("filtered")] Filtered,

    /// <summary>The name did not resolve, the network is unreachable, denied by the policy, or anything else.</summary>
    [JsonStringEnumMemberName("error")] Error,
}

/// <summary>How sure an identification is.</summary>
[JsonConverter(typeof(WireEnumConverter<IdentifyConfidence>))]
public enum IdentifyConfidence
{
    /// <summary>Not identified.</summary>
    [JsonStringEnumMemberName("none")] None,

    /// <summary>The answer fits the protocol but is not its unmistakable signature (a bare 220 greeting, a lone 'N' to an SSL request).</summary>
    [JsonStringEnumMemberName("medium")] Medium,

    /// <summary>The protocol's own signature (<c>SSH-2.0-</c>, <c>HTTP/1.1</c>, <c>+PONG</c>, a TLS ServerHello, a PostgreSQL error packet).</summary>
    [JsonStringEnumMemberName("high")] High,
}
