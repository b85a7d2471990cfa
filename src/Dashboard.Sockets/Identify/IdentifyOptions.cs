using System.ComponentModel.DataAnnotations;

namespace Dashboard.Sockets.Identify;

/// <summary>Bounds of service identification. Configuration section <c>Sockets:Identify</c>.</summary>
public sealed class IdentifyOptions
{
    public const string Section = "Sockets:Identify";

    /// <summary>How long to wait for a server to speak first, before any probe is sent. Defaults to 1,500 ms: SSH, SMTP, FTP and MySQL greet at once.</summary>
    [Range(1, 30_000)]
    public int BannerWaitMs { get; set; } = 1_500;

    /// <summary>How long to wait for the answer to one probe. Defaults to 1,500 ms.</summary>
    [Range(1, 30_000)]
    public int ProbeWaitMs { get; set; } = 1_500;

    /// <summary>The longest the connect may take. Defaults to 3,000 ms.</summary>
    [Range(1, 60_000)]
    public int ConnectTimeoutMs { get; set; } = 3_000;

    /// <summary>How long the whole identification of one port may take when a request does not say. Defaults to 10,000 ms: a silent port hears the banner wait and every probe.</summary>
    [Range(1, 120_000)]
    public int DefaultTimeoutMs { get; set; } = 10_000;

    /// <summary>The longest a request may ask for. Defaults to 30,000 ms.</summary>
    [Range(1, 120_000)]
    public int MaxTimeoutMs { get; set; } = 30_000;

    /// <summary>Bytes read from one answer at most; the rest is never read. Defaults to 4,096.</summary>
    [Range(64, 65_536)]
    public int MaxReadBytes { get; set; } = 4_096;

    /// <summary>Bytes of the identifying answer kept in the result (hex dump and text). Defaults to 512.</summary>
    [Range(16, 65_536)]
    public int KeptBytes { get; set; } = 512;

    /// <summary>Ports a batch (a scan's open ports, a list) identifies at once when it does not say. Defaults to 16.</summary>
    [Range(1, 1_024)]
    public int DefaultConcurrency { get; set; } = 16;

    /// <summary>The most ports a batch may identify at once. Defaults to 64.</summary>
    [Range(1, 1_024)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>The most ports one batch may identify. Defaults to 1,024.</summary>
    [Range(1, 65_536)]
    public int MaxBatchPorts { get; set; } = 1_024;
}
