namespace Dashboard.Contracts.Listeners;

/// <summary>A TCP, UDP or Unix-domain listener to open on the dashboard's host (or an agent's).</summary>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c>, <c>unix</c> (stream) or <c>unixgram</c> (datagram).</param>
/// <param name="BindAddress">The local address: <c>0.0.0.0</c>, <c>::</c> (dual-stack), <c>127.0.0.1</c>, ...; loopback when null. Not for unix and unixgram.</param>
/// <param name="Port">1-65535, or 0 for any free port. Must be 0 (or left out) for unix and unixgram.</param>
/// <param name="Backlog">TCP's <c>listen()</c> backlog; the server's default when null.</param>
/// <param name="TtlSeconds">How long it lives; the server's default when null, at most its maximum.</param>
/// <param name="Reply">What it answers: nothing (default), an echo, or a fixed payload.</param>
public sealed record ListenerRequest(
    ListenerProtocol? Protocol,
    string? BindAddress,
    int Port,
    int? Backlog = null,
    int? TtlSeconds = null,
    ListenerReply? Reply = null)
{
    /// <summary>
    /// For unix and unixgram only: the absolute path to bind, under a directory the policy allows
    /// (<c>Policy:UnixSockets:AllowedDirectories</c>, and at an agent its <c>--unix-dirs</c> too); nothing may exist there yet.
    /// </summary>
    public string? Path { get; init; }

    /// <summary>The vantage point to listen at: an agent's name or id; this server when null.</summary>
    public string? From { get; init; }
}

/// <summary>What a listener answers: for TCP a banner on accept (fixed) or every chunk back (echo); for UDP one reply per datagram.</summary>
/// <param name="Mode"><c>none</c>, <c>echo</c> or <c>fixed</c>.</param>
/// <param name="Payload">The fixed reply, written in <paramref name="Encoding"/>.</param>
/// <param name="Encoding"><c>text</c> (default), <c>hex</c> or <c>base64</c>.</param>
public sealed record ListenerReply(ReplyMode Mode, string? Payload = null, PayloadEncoding? Encoding = null);
