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
    /// The hub's <c>MaximumReceiveMessageSize</c>: 397,258 bytes, the largest payload and 4 KiB for the
    /// rest of the invocation (the method, its id, a host of at most 253 characters, the numbers).
    /// A larger message closes that connection with an error; the server and other connections go on.
    /// </summary>
    public const int MaxReceiveMessageBytes = MaxPayloadJsonBytes + 4_096;
}
