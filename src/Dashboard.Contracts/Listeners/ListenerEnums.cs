using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Listeners;

/// <summary>What a listener speaks.</summary>
[JsonConverter(typeof(WireEnumConverter<ListenerProtocol>))]
public enum ListenerProtocol
{
    [JsonStringEnumMemberName("tcp")] Tcp,
    [JsonStringEnumMemberName("udp")] Udp,

    /// <summary>A Unix-domain stream socket (<c>AF_UNIX</c>, <c>SOCK_STREAM</c>) bound to a path.</summary>
    [JsonStringEnumMemberName("unix")] Unix,

    /// <summary>A Unix-domain datagram socket (<c>AF_UNIX</c>, <c>SOCK_DGRAM</c>) bound to a path.</summary>
    [JsonStringEnumMemberName("unixgram")] UnixDatagram,
}

/// <summary>What a listener answers: nothing, an echo of what it received, or a fixed payload.</summary>
[JsonConverter(typeof(WireEnumConverter<ReplyMode>))]
public enum ReplyMode
{
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("echo")] Echo,
    [JsonStringEnumMemberName("fixed")] Fixed,
}

/// <summary>Where a listener is in its life.</summary>
[JsonConverter(typeof(WireEnumConverter<ListenerState>))]
public enum ListenerState
{
    /// <summary>Open: accepting connections or datagrams.</summary>
    [JsonStringEnumMemberName("listening")] Listening,

    /// <summary>Closed by a user or by its TTL.</summary>
    [JsonStringEnumMemberName("stopped")] Stopped,

    /// <summary>Closed because the server stopped (or, later, its agent dropped).</summary>
    [JsonStringEnumMemberName("interrupted")] Interrupted,
}

/// <summary>What a <see cref="ListenerEvent"/> reports.</summary>
[JsonConverter(typeof(WireEnumConverter<ListenerEventKind>))]
public enum ListenerEventKind
{
    /// <summary>A TCP connection was accepted.</summary>
    [JsonStringEnumMemberName("accepted")] Accepted,

    /// <summary>Bytes arrived on a TCP connection.</summary>
    [JsonStringEnumMemberName("data")] Data,

    /// <summary>A UDP datagram arrived.</summary>
    [JsonStringEnumMemberName("datagram")] Datagram,

    /// <summary>A TCP connection ended.</summary>
    [JsonStringEnumMemberName("closed")] Closed,

    /// <summary>Something failed; the listener goes on.</summary>
    [JsonStringEnumMemberName("error")] Error,

    /// <summary>The listener stopped; the last event.</summary>
    [JsonStringEnumMemberName("stopped")] Stopped,

    /// <summary>Sent to a watcher that fell behind: how many events it missed.</summary>
    [JsonStringEnumMemberName("missed")] Missed,

    /// <summary>Bytes the listener sent: an echo, a fixed reply, or what a user sent by hand (the message says which).</summary>
    [JsonStringEnumMemberName("sent")] Sent,
}
