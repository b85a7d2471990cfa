using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Trace;

/// <summary>A whole trace: every hop, and the verdict naming where the path ends.</summary>
/// <param name="Host">The host as the request gave it.</param>
/// <param name="Address">The address traced to (what the name resolved to); null when the name did not resolve.</param>
/// <param name="Port">The port traced to.</param>
/// <param name="Protocol">The probes' protocol.</param>
/// <param name="Outcome">Where the path ended, as a closed set.</param>
/// <param name="Verdict">The same in words, naming the place: "reached 10.0.3.5:5432, refused by the host".</param>
/// <param name="Hops">Hop 1 first, up to the last hop tried.</param>
/// <param name="ElapsedMs">How long the whole trace took.</param>
/// <param name="At">When it started (UTC).</param>
/// <param name="Id">Its id in the history (its page is <c>/trace/{id}</c>); null when nothing was stored.</param>
public sealed record TraceResult(
    string Host,
    string? Address,
    int Port,
    TraceProtocol Protocol,
    TraceOutcome Outcome,
    string Verdict,
    IReadOnlyList<TraceHop> Hops,
    double ElapsedMs,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null)
{
    /// <summary>The vantage point that traced; set by the dashboard.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? From { get; init; }
}

/// <summary>One message of a streamed trace: a hop as soon as all its tries are back, then, last, the whole result.</summary>
/// <param name="Hop">A hop, in order; null in the last message.</param>
/// <param name="Result">The whole trace; only in the last message.</param>
public sealed record TraceUpdate(TraceHop? Hop, TraceResult? Result);

/// <summary>One hop: the tries sent with TTL (hop limit) <paramref name="Hop"/>.</summary>
/// <param name="Hop">The TTL, 1 for the first router.</param>
/// <param name="Tries">One entry per try, in the order sent.</param>
public sealed record TraceHop(int Hop, IReadOnlyList<TraceTry> Tries)
{
    /// <summary>The first address that answered at this hop; null when every try went unanswered.</summary>
    public string? Address => Tries.FirstOrDefault(t => t.Address is not null)?.Address;
}

/// <summary>One probe and what came back.</summary>
/// <param name="Reply">What answered.</param>
/// <param name="Address">Who answered (the router, or the target); null when nothing did.</param>
/// <param name="RttMs">From the SYN to the answer; null when nothing answered.</param>
/// <param name="IcmpType">The ICMP (ICMPv6) type when an ICMP message answered.</param>
/// <param name="IcmpCode">Its code.</param>
/// <param name="Meaning">The answer in words: "time exceeded", "administratively prohibited", "connected", "no answer within 2000 ms".</param>
public sealed record TraceTry(TraceReply Reply, string? Address, double? RttMs, int? IcmpType, int? IcmpCode, string Meaning);

/// <summary>What answered one probe.</summary>
[JsonConverter(typeof(WireEnumConverter<TraceReply>))]
public enum TraceReply
{
    /// <summary>A router on the way: ICMP time exceeded (the TTL ran out there).</summary>
    [JsonStringEnumMemberName("time-exceeded")] TimeExceeded,

    /// <summary>ICMP destination unreachable (host, network, port unreachable, administratively prohibited…).</summary>
    [JsonStringEnumMemberName("unreachable")] Unreachable,

    /// <summary>The target accepted the connection (UDP: sent a datagram back).</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>The target answered with a reset (UDP: ICMP port unreachable): nothing listens on the port.</summary>
    [JsonStringEnumMemberName("refused")] Refused,

    /// <summary>Nothing answered within the try's timeout.</summary>
    [JsonStringEnumMemberName("no-reply")] NoReply,

    /// <summary>This side failed (no route, no address), with the errno in the meaning.</summary>
    [JsonStringEnumMemberName("error")] Error,
}

/// <summary>Where a trace ended.</summary>
[JsonConverter(typeof(WireEnumConverter<TraceOutcome>))]
public enum TraceOutcome
{
    /// <summary>Reached the target, and the port accepted the connection.</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>Reached the target, and it refused the connection (a reset; UDP: port unreachable, the port is closed).</summary>
    [JsonStringEnumMemberName("refused")] Refused,

    /// <summary>A hop (or the target) answered ICMP destination unreachable: the verdict names it and its words.</summary>
    [JsonStringEnumMemberName("unreachable")] Unreachable,

    /// <summary>Hops answered up to some point, and nothing beyond it.</summary>
    [JsonStringEnumMemberName("dropped")] Dropped,

    /// <summary>Every hop up to the maximum answered "time exceeded": the target is further away.</summary>
    [JsonStringEnumMemberName("hops-exhausted")] HopsExhausted,

    /// <summary>
    /// UDP only: nothing answers beyond the last hop that did. A UDP service that stays silent and a drop on the way
    /// look the same from here, as nmap's <c>open|filtered</c>.
    /// </summary>
    [JsonStringEnumMemberName("open-filtered")] OpenFiltered,

    /// <summary>The trace's total time ran out before it ended.</summary>
    [JsonStringEnumMemberName("time-limit")] TimeLimit,

    /// <summary>This side could not send (no route from here), with the errno in the verdict.</summary>
    [JsonStringEnumMemberName("error")] Error,
}
