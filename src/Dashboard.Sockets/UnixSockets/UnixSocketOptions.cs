using System.ComponentModel.DataAnnotations;

namespace Dashboard.Sockets.UnixSockets;

/// <summary>Bounds of a Unix socket probe or send. Configuration section <c>Sockets:Unix</c>.</summary>
public sealed class UnixSocketOptions
{
    public const string Section = "Sockets:Unix";

    /// <summary>How long a connect may wait (a stream listener whose backlog is full). Defaults to 5,000 ms.</summary>
    [Range(100, 60_000)]
    public int ConnectTimeoutMs { get; set; } = 5_000;

    /// <summary>How long to wait for a datagram's reply when a request does not say. Defaults to 1,000 ms.</summary>
    [Range(0, 600_000)]
    public int DefaultWaitReplyMs { get; set; } = 1_000;

    /// <summary>The longest a request may wait for a reply. Defaults to 10,000 ms.</summary>
    [Range(0, 600_000)]
    public int MaxWaitReplyMs { get; set; } = 10_000;

    /// <summary>The largest datagram sent. Defaults to 65,536 bytes.</summary>
    [Range(1, 212_992)]
    public int MaxPayloadBytes { get; set; } = 65_536;

    /// <summary>Bytes kept of a reply; its full length is still reported. Defaults to 4,096.</summary>
    [Range(1, 65_536)]
    public int ReplyPreviewBytes { get; set; } = 4_096;
}
