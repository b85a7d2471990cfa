using System.ComponentModel.DataAnnotations;

namespace Dashboard.Sockets.Udp;

/// <summary>Bounds of a UDP send. Configuration section <c>Sockets:Udp</c>.</summary>
public sealed class UdpOptions
{
    public const string Section = "Sockets:Udp";

    /// <summary>Datagrams one request may send. Defaults to 100.</summary>
    [Range(1, 100_000)]
    public int MaxCount { get; set; } = 100;

    /// <summary>The longest pause between datagrams. Defaults to 10,000 ms.</summary>
    [Range(0, 600_000)]
    public int MaxIntervalMs { get; set; } = 10_000;

    /// <summary>How long to listen for replies when a request does not say. Defaults to 1,000 ms.</summary>
    [Range(0, 600_000)]
    public int DefaultWaitReplyMs { get; set; } = 1_000;

    /// <summary>The longest a request may listen for replies. Defaults to 30,000 ms.</summary>
    [Range(0, 600_000)]
    public int MaxWaitReplyMs { get; set; } = 30_000;

    /// <summary>The longest one request may take: count × interval + wait. Defaults to 60,000 ms.</summary>
    [Range(1, 3_600_000)]
    public int MaxDurationMs { get; set; } = 60_000;

    /// <summary>Replies kept per request; further ones are counted, not kept. Defaults to 100.</summary>
    [Range(1, 10_000)]
    public int MaxReplies { get; set; } = 100;

    /// <summary>Bytes kept of each reply; its full length is still reported. Defaults to 4,096.</summary>
    [Range(1, 65_536)]
    public int ReplyPreviewBytes { get; set; } = 4_096;
}
