using System.ComponentModel.DataAnnotations;

namespace Dashboard.Sockets.Listeners;

/// <summary>Bounds of the listeners users open. Configuration section <c>Sockets:Listeners</c>.</summary>
public sealed class ListenerOptions
{
    public const string Section = "Sockets:Listeners";

    /// <summary>Listeners open at once on this host. Defaults to 32.</summary>
    [Range(1, 10_000)]
    public int MaxListeners { get; set; } = 32;

    /// <summary>Listeners one owner may have open at once. Defaults to 8.</summary>
    [Range(1, 10_000)]
    public int MaxPerOwner { get; set; } = 8;

    /// <summary>A listener's life when a request does not say. Defaults to 600 s.</summary>
    [Range(1, 7 * 24 * 3600)]
    public int DefaultTtlSeconds { get; set; } = 600;

    /// <summary>The longest life a request may ask for. Defaults to 3,600 s.</summary>
    [Range(1, 7 * 24 * 3600)]
    public int MaxTtlSeconds { get; set; } = 3_600;

    /// <summary>TCP <c>listen()</c> backlog when a request does not say. Defaults to 512.</summary>
    [Range(1, 65_535)]
    public int DefaultBacklog { get; set; } = 512;

    /// <summary>
    /// The largest backlog a request may ask for. Defaults to 65,535; the kernel clamps it to
    /// <c>net.core.somaxconn</c> (4,096 by default), which an operator raises for listeners that take bursts.
    /// </summary>
    [Range(1, 65_535)]
    public int MaxBacklog { get; set; } = 65_535;

    /// <summary>
    /// TCP connections one listener keeps open at once; further ones are closed at once and counted. Defaults to 1,024;
    /// never more than <see cref="MaxConnectionsPerOwner"/> nor the listeners' share of the socket budget.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxConnectionsPerListener { get; set; } = 1_024;

    /// <summary>
    /// TCP connections all of one owner's listeners keep open together. Defaults to 2,048; never more than the listeners' share
    /// of the socket budget. Without it, whoever reaches one listener could fill every listener's share.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxConnectionsPerOwner { get; set; } = 2_048;

    /// <summary>
    /// The part of the socket budget, in percent, that all listeners' accepted connections may hold together (at least one
    /// connection). Defaults to 25: a flood of idle connections to a listener on <c>0.0.0.0</c> then leaves three quarters of
    /// the budget to everyone's probes, UDP sends and scans.
    /// </summary>
    [Range(1, 90)]
    public int ConnectionBudgetPercent { get; set; } = 25;

    /// <summary>Bytes of each data or datagram event kept as its payload. Defaults to 4,096.</summary>
    [Range(0, 65_536)]
    public int PreviewBytes { get; set; } = 4_096;

    /// <summary>Events kept per listener for late watchers (a ring: older ones are dropped and counted). Defaults to 2,000.</summary>
    [Range(1, 1_000_000)]
    public int HistoryEvents { get; set; } = 2_000;

    /// <summary>Events buffered per watcher; a watcher that falls further behind is told how many it missed. Defaults to 4,096.</summary>
    [Range(1, 1_000_000)]
    public int WatcherBuffer { get; set; } = 4_096;

    /// <summary>UDP receive buffer asked of the kernel (it may give less). Defaults to 8 MiB.</summary>
    [Range(4_096, 256 * 1024 * 1024)]
    public int UdpReceiveBufferBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// A UDP reply (echo or fixed) carries at most this many times the bytes of the datagram it answers, or
    /// <see cref="UdpReplyFloorBytes"/> when that is more; a longer fixed reply is cut. Defaults to 3, the bound QUIC
    /// sets on a server before the client's address is proven (RFC 9000, 8.1): the source of a datagram is only a claim.
    /// </summary>
    [Range(1, 100)]
    public int UdpReplyFactor { get; set; } = 3;

    /// <summary>The bytes a UDP reply may always carry, however small the datagram it answers. Defaults to 64.</summary>
    [Range(0, 65_507)]
    public int UdpReplyFloorBytes { get; set; } = 64;

    /// <summary>Replies a UDP listener sends to one source address per second (a token bucket holding one second's worth). Defaults to 10.</summary>
    [Range(1, 1_000_000)]
    public int UdpRepliesPerSecondPerSource { get; set; } = 10;

    /// <summary>Replies a UDP listener sends per second to all sources together (one second's worth may go at once). Defaults to 1,000.</summary>
    [Range(1, 1_000_000)]
    public int UdpRepliesPerSecond { get; set; } = 1_000;

    /// <summary>
    /// Source addresses a UDP listener keeps a reply rate for. Defaults to 4,096; when all are busy, a new source gets no
    /// reply (counted as throttled) until one has been quiet for a second.
    /// </summary>
    [Range(1, 1_000_000)]
    public int UdpReplySources { get; set; } = 4_096;

    /// <summary>
    /// The most bytes one send by hand into a listener's TCP connection carries. Defaults to 65,536; a UDP send is held to
    /// the reply bounds instead (<see cref="UdpReplyFactor"/>, <see cref="UdpReplyFloorBytes"/>).
    /// </summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxSendBytes { get; set; } = 65_536;

    /// <summary>
    /// The file mode of a unix or unixgram listener's socket, in octal. Defaults to 0660: the server's user and group may
    /// connect, others not (connecting to a Unix socket needs write permission on it).
    /// </summary>
    [RegularExpression("^0?[0-7]{3}$", ErrorMessage = "Sockets:Listeners:UnixSocketMode must be an octal file mode such as 0660")]
    public string UnixSocketMode { get; set; } = "0660";

    /// <summary>How long a stopped listener stays in the list. Defaults to 10 minutes.</summary>
    [Range(0, 24 * 60)]
    public int RetainStoppedMinutes { get; set; } = 10;
}
