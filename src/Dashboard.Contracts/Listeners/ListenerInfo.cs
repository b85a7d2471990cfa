using System.Text.Json.Serialization;
namespace Dashboard.Contracts.Listeners;

/// <summary>A listener and its counters, which count everything even when events were dropped.</summary>
/// <param name="Id">Its id, for <c>WatchListener</c> and <c>CloseListener</c>.</param>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c>, <c>unix</c> or <c>unixgram</c>.</param>
/// <param name="LocalEndPoint"><c>getsockname()</c>: where it listens, "ip:port"; for unix and unixgram the socket's path (its directory's links resolved).</param>
/// <param name="Owner">Who opened it.</param>
/// <param name="CreatedAt">When it opened (UTC).</param>
/// <param name="ExpiresAt">When its TTL stops it (UTC).</param>
/// <param name="Connections">TCP connections accepted.</param>
/// <param name="BytesReceived">Bytes received, all connections or datagrams.</param>
/// <param name="State"><c>listening</c>, <c>stopped</c>, or <c>interrupted</c> (the server stopped while it was open).</param>
/// <param name="Datagrams">UDP datagrams received.</param>
/// <param name="ActiveConnections">TCP connections open now.</param>
/// <param name="EventsDropped">Events that fell out of the history ring (still counted above).</param>
/// <param name="Reply">The reply mode.</param>
/// <param name="StoppedReason">Why it stopped, once stopped.</param>
public sealed record ListenerInfo(
    string Id,
    ListenerProtocol Protocol,
    string LocalEndPoint,
    string Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    long Connections,
    long BytesReceived,
    ListenerState State,
    long Datagrams,
    int ActiveConnections,
    long EventsDropped,
    ReplyMode Reply,
    string? StoppedReason)
{
    /// <summary>
    /// UDP datagrams that reached the socket but were dropped by the kernel because its receive buffer was full
    /// (Linux's per-socket drop counter): not in <see cref="Datagrams"/>, no event. Null where the platform does not tell.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? DatagramsLost { get; init; }

    /// <summary>
    /// TCP connections closed at once because the listener's, its owner's or all listeners' share of connections was
    /// full (counted in <see cref="Connections"/> too, no event each). Null for UDP.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? ConnectionsRefused { get; init; }

    /// <summary>UDP replies not sent because the target policy denies the datagram's source address. Null for TCP.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? RepliesDenied { get; init; }

    /// <summary>UDP replies not sent because their source (or all sources together) went past the reply rate. Null for TCP.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? RepliesThrottled { get; init; }

    /// <summary>UDP replies sent cut to the size bound (a few times the datagram answered). Null for TCP.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? RepliesTrimmed { get; init; }

    /// <summary>Replies and sends by hand the listener made (each is a <c>sent</c> event).</summary>
    public long Sends { get; init; }

    /// <summary>Bytes the listener sent: replies and sends by hand.</summary>
    public long BytesSent { get; init; }

    /// <summary>The vantage point it listens at; set by the dashboard.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? From { get; init; }
}
