using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Unix;

/// <summary>What connecting to a Unix socket path told.</summary>
/// <param name="Path">The path as the request gave it.</param>
/// <param name="ResolvedPath">The path with its directory's symbolic links resolved: the one the policy checked and the socket used.</param>
/// <param name="Type">The socket type connected with.</param>
/// <param name="State">The outcome.</param>
/// <param name="Code">0, or the errno <c>connect()</c> (or the path's lookup) returned: what Python's <c>connect_ex</c> returns.</param>
/// <param name="CodeName">Its name (<c>ENOENT</c>, <c>ECONNREFUSED</c>, <c>EACCES</c>, <c>EPROTOTYPE</c>...), <c>OK</c> for 0.</param>
/// <param name="Message">One plain line on what the outcome means.</param>
/// <param name="FileType">What the path is: <c>socket</c>, <c>file</c>, <c>directory</c>, <c>fifo</c>...; null when it could not be looked up.</param>
/// <param name="PeerName"><c>getpeername()</c>: the address the listener bound; null unless connected.</param>
/// <param name="Peer">The listener's process, user and group (<c>SO_PEERCRED</c>), for a stream connection.</param>
/// <param name="ElapsedMs">How long the connect took.</param>
/// <param name="At">When it was made (UTC).</param>
/// <param name="Id">Its id in the history (its page is <c>/unix/{id}</c>); null when nothing was stored.</param>
public sealed record UnixProbeResult(
    string Path,
    string? ResolvedPath,
    UnixSocketType Type,
    UnixSocketState State,
    int Code,
    string CodeName,
    string Message,
    string? FileType,
    string? PeerName,
    UnixPeerCredentials? Peer,
    double ElapsedMs,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null)
{
    /// <summary>The vantage point that connected; set by the dashboard.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? From { get; init; }
}

/// <summary>What sending one datagram to a Unix socket path told, and its reply.</summary>
/// <param name="Path">The path as the request gave it.</param>
/// <param name="ResolvedPath">As in <see cref="UnixProbeResult"/>.</param>
/// <param name="State"><c>replied</c>, <c>sent</c> (no reply within the wait), or why it could not be sent.</param>
/// <param name="Code">0, or the errno the lookup, <c>connect()</c> or <c>send()</c> returned.</param>
/// <param name="CodeName">Its name, <c>OK</c> for 0.</param>
/// <param name="Message">One plain line on what the outcome means.</param>
/// <param name="FileType">As in <see cref="UnixProbeResult"/>.</param>
/// <param name="BytesSent">The datagram's size, once sent; else 0.</param>
/// <param name="LocalName"><c>getsockname()</c> of the sending socket: the abstract address a reply comes to (<c>@...</c>); null when unbound.</param>
/// <param name="Reply">The reply, when one came.</param>
/// <param name="At">When it was sent (UTC).</param>
/// <param name="Id">Its id in the history (its page is <c>/unix/{id}</c>); null when nothing was stored.</param>
public sealed record UnixSendResult(
    string Path,
    string? ResolvedPath,
    UnixSocketState State,
    int Code,
    string CodeName,
    string Message,
    string? FileType,
    int BytesSent,
    string? LocalName,
    UnixReply? Reply,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null)
{
    /// <summary>The vantage point that sent it; set by the dashboard.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? From { get; init; }
}

/// <summary>The listening process, as <c>SO_PEERCRED</c> tells (ids as the vantage point's kernel sees them).</summary>
public sealed record UnixPeerCredentials(int Pid, int Uid, int Gid);

/// <summary>The datagram that came back.</summary>
/// <param name="From">The peer's address (its bound path).</param>
/// <param name="Bytes">Its full length.</param>
/// <param name="PayloadBase64">Its bytes (the first ones, when <paramref name="Truncated"/>), base64.</param>
/// <param name="PayloadText">The same bytes as UTF-8 text, with invalid sequences replaced.</param>
/// <param name="Truncated">True when only the first bytes are kept.</param>
/// <param name="AfterMs">Milliseconds after the datagram was sent.</param>
public sealed record UnixReply(string? From, int Bytes, string PayloadBase64, string PayloadText, bool Truncated, double AfterMs);

/// <summary>What a Unix socket path answered.</summary>
[JsonConverter(typeof(WireEnumConverter<UnixSocketState>))]
public enum UnixSocketState
{
    /// <summary>The connect succeeded: something listens there.</summary>
    [JsonStringEnumMemberName("connected")] Connected,

    /// <summary>The datagram was sent; no reply came within the wait (or none was awaited).</summary>
    [JsonStringEnumMemberName("sent")] Sent,

    /// <summary>The datagram was sent and a reply came.</summary>
    [JsonStringEnumMemberName("replied")] Replied,

    /// <summary><c>ENOENT</c>: no such path.</summary>
    [JsonStringEnumMemberName("not-found")] NotFound,

    /// <summary><c>ECONNREFUSED</c> on a socket file: nobody listens on it (its listener closed, or it is not listening yet).</summary>
    [JsonStringEnumMemberName("refused")] Refused,

    /// <summary><c>ECONNREFUSED</c> on something that is not a socket (a regular file, a directory...).</summary>
    [JsonStringEnumMemberName("not-a-socket")] NotASocket,

    /// <summary><c>EACCES</c>/<c>EPERM</c>: the vantage point's user may not search the directory or write the socket.</summary>
    [JsonStringEnumMemberName("denied")] Denied,

    /// <summary><c>EPROTOTYPE</c>: the listener's socket is of the other type (stream vs datagram).</summary>
    [JsonStringEnumMemberName("wrong-type")] WrongType,

    /// <summary>Anything else (the errno says what).</summary>
    [JsonStringEnumMemberName("error")] Error,
}
