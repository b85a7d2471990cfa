namespace Dashboard.Contracts.Listeners;

/// <summary>Bytes a listener's owner (or an Admin) sends by hand into one of its conversations, as ncat would.</summary>
/// <param name="ConnectionId">A TCP listener: the open connection to send on (the <c>connectionId</c> of its events).</param>
/// <param name="Peer">A UDP listener: the "ip:port" to send a datagram to; only a source the listener has heard from lately.</param>
/// <param name="Payload">The bytes, written in <paramref name="Encoding"/>; not empty.</param>
/// <param name="Encoding"><c>text</c> (UTF-8, the default), <c>hex</c> or <c>base64</c>, as for UDP sends.</param>
public sealed record ListenerSendRequest(long? ConnectionId, string? Peer, string? Payload, PayloadEncoding? Encoding = null);
