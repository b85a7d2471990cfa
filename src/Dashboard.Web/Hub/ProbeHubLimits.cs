using Dashboard.Sockets.Udp;

namespace Dashboard.Web.Hub;

/// <summary>How large a message <c>/hubs/probe</c> takes.</summary>
public static class ProbeHubLimits
{
    /// <summary>
    /// The JSON of the largest payload in its longest encoding: 393,162 bytes. The largest datagram
    /// (65,527 bytes, over IPv6) as text can be 65,527 control characters, each of which JSON writes
    /// as six bytes (<c>\u0001</c>); any other character takes at most three bytes of JSON for each
    /// byte of UTF-8 it stands for (<c>é</c> as <c>\u00e9</c>). The same bytes as spaced hex are
    /// 196,581 bytes, as base64 87,372; a scan's 4,096 targets written out as IPv6 literals 167,936.
    /// </summary>
    public const int MaxPayloadJsonBytes = 6 * UdpSender.MaxIPv6Payload;

    /// <summary>
    /// The most one argument of a hub method may be as JSON: 397,258 bytes, the largest payload and 4 KiB for the
    /// rest of the request (a host of at most 253 characters, the numbers). A larger argument is refused with a
    /// message naming this limit and its size (<see cref="HubArgumentLimit"/>); the connection goes on.
    /// </summary>
    public const int MaxArgumentBytes = MaxPayloadJsonBytes + 4_096;

    /// <summary>
    /// The hub's <c>MaximumReceiveMessageSize</c>: 1 MiB, well above <see cref="MaxArgumentBytes"/>, so an ordinary
    /// over-size request reaches the method filter and gets a clear answer. A message larger than this closes its
    /// connection with SignalR's generic error (it is not read, so nothing can be answered); the server and the
    /// other connections go on. Each connection may buffer up to this much while a message arrives.
    /// </summary>
    public const int MaxReceiveMessageBytes = 1_048_576;
}
