namespace Dashboard.Contracts.Listeners;

/// <summary>Something that happened on a listener, numbered by <paramref name="Seq"/> in order.</summary>
/// <param name="ListenerId">The listener.</param>
/// <param name="Seq">1, 2, 3, ... per listener; a gap means events were dropped.</param>
/// <param name="Kind"><c>accepted</c>, <c>data</c>, <c>closed</c>, <c>datagram</c>, <c>error</c>, <c>stopped</c>; and <c>missed</c>, sent to a watcher that fell behind.</param>
/// <param name="ConnectionId">The TCP connection (1, 2, ...) for accepted, data and closed.</param>
/// <param name="Peer"><c>getpeername()</c> for TCP, the <c>recvfrom</c> address for UDP.</param>
/// <param name="Local"><c>getsockname()</c> of the connection, or the listener's own endpoint.</param>
/// <param name="Bytes">Bytes in this data or datagram (its full length); for missed: how many events the watcher missed.</param>
/// <param name="PayloadBase64">The first bytes (at most the server's preview size), base64.</param>
/// <param name="PayloadText">The same as UTF-8 text, invalid sequences replaced.</param>
/// <param name="At">When it happened (UTC).</param>
/// <param name="Message">For error, stopped, closed and missed: what happened, in a line.</param>
/// <param name="Truncated">True when the payload holds only the first bytes.</param>
public sealed record ListenerEvent(
    string ListenerId,
    long Seq,
    ListenerEventKind Kind,
    long? ConnectionId,
    string? Peer,
    string? Local,
    int Bytes,
    string? PayloadBase64,
    string? PayloadText,
    DateTimeOffset At,
    string? Message = null,
    bool Truncated = false);
