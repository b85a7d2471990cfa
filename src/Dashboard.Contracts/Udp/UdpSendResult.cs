using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Udp;

/// <summary>What sending the datagrams told, and every reply.</summary>
/// <param name="Host">The host as the request gave it.</param>
/// <param name="Address">The address the datagrams went to; null when the name did not resolve.</param>
/// <param name="Port">The port they went to.</param>
/// <param name="State">The outcome.</param>
/// <param name="Code">0, or the native error the socket reported (Linux errno: 111 for ICMP port unreachable).</param>
/// <param name="CodeName">The platform's name for <paramref name="Code"/> (<c>ECONNREFUSED</c>; <c>WSAECONNREFUSED</c> on Windows), <c>OK</c> for 0.</param>
/// <param name="Message">One plain line on what the outcome means, and what it cannot tell.</param>
/// <param name="Sent">Datagrams sent.</param>
/// <param name="BytesSent">Bytes sent, all datagrams together.</param>
/// <param name="LocalEndPoint"><c>getsockname()</c> of the sending socket.</param>
/// <param name="Replies">The replies, in arrival order (at most the server's cap).</param>
/// <param name="RepliesDropped">Replies received beyond the cap: counted, not kept.</param>
/// <param name="At">When the first datagram was sent (UTC).</param>
/// <param name="Id">The send's id in the history (its page is <c>/udp/{id}</c>, its record <c>GET /api/history/{id}</c>); null when nothing was stored.</param>
public sealed record UdpSendResult(
    string Host,
    string? Address,
    int Port,
    UdpState State,
    int Code,
    string CodeName,
    string Message,
    int Sent,
    long BytesSent,
    string? LocalEndPoint,
    IReadOnlyList<UdpReply> Replies,
    int RepliesDropped,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null)
{
    /// <summary>The vantage point that sent it; set by the dashboard.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? From { get; init; }
}

/// <summary>One datagram that came back (<c>recvfrom</c>).</summary>
/// <param name="From">The sender, "ip:port".</param>
/// <param name="Bytes">Its full length.</param>
/// <param name="PayloadBase64">Its bytes (the first ones, when <paramref name="Truncated"/>), base64.</param>
/// <param name="PayloadText">The same bytes as UTF-8 text, with invalid sequences replaced.</param>
/// <param name="Truncated">True when only the first bytes are kept.</param>
/// <param name="AfterMs">Milliseconds since the datagram sent just before it.</param>
public sealed record UdpReply(string From, int Bytes, string PayloadBase64, string PayloadText, bool Truncated, double AfterMs);

/// <summary>What a UDP send found. UDP proves a port open only by a reply.</summary>
[JsonConverter(typeof(WireEnumConverter<UdpState>))]
public enum UdpState
{
    /// <summary>At least one datagram came back.</summary>
    [JsonStringEnumMemberName("replied")] Replied,

    /// <summary>Nothing came back: open and silent, or filtered; UDP cannot tell these apart.</summary>
    [JsonStringEnumMemberName("no-reply")] NoReply,

    /// <summary>ICMP port unreachable: nothing listens there.</summary>
    [JsonStringEnumMemberName("refused")] Refused,

    /// <summary>The name did not resolve, the network is unreachable, or anything else.</summary>
    [JsonStringEnumMemberName("error")] Error,
}
