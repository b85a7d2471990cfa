namespace Dashboard.Contracts.Udp;

/// <summary>Datagrams to send to one host and port, and how long to listen for replies.</summary>
/// <param name="Host">A name, an IPv4 or an IPv6 literal.</param>
/// <param name="Port">1-65535.</param>
/// <param name="Payload">The datagram's bytes, written in <paramref name="Encoding"/>; may be empty.</param>
/// <param name="Encoding"><c>text</c> (UTF-8, the default), <c>hex</c> (spaces and <c>0x</c> allowed) or <c>base64</c>.</param>
/// <param name="Count">How many datagrams (default 1).</param>
/// <param name="IntervalMs">Milliseconds between datagrams (default 0).</param>
/// <param name="WaitReplyMs">How long to listen for replies after the last datagram (the server's default when null); listening ends sooner once every datagram has had a reply, or on a refusal.</param>
public sealed record UdpSendRequest(
    string Host,
    int Port,
    string? Payload,
    PayloadEncoding? Encoding = null,
    int? Count = null,
    int? IntervalMs = null,
    int? WaitReplyMs = null)
{
    /// <summary>The vantage point to send from: an agent's name or id; this server when null.</summary>
    public string? From { get; init; }
}
