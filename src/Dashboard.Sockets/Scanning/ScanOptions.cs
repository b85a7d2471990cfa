using System.ComponentModel.DataAnnotations;

namespace Dashboard.Sockets.Scanning;

/// <summary>Bounds of a port scan. Configuration section <c>Sockets:Scan</c>.</summary>
public sealed class ScanOptions
{
    public const string Section = "Sockets:Scan";

    /// <summary>Per-connect timeout when a request names none. Defaults to 1,000 ms, enough for a LAN or a continent.</summary>
    [Range(1, 600_000)]
    public int DefaultTimeoutMs { get; set; } = 1_000;

    /// <summary>The longest per-connect timeout a request may ask for. Defaults to 10,000 ms.</summary>
    [Range(1, 600_000)]
    public int MaxTimeoutMs { get; set; } = 10_000;

    /// <summary>Connects in flight when a request names none. Defaults to 1,024.</summary>
    [Range(1, 65_536)]
    public int DefaultConcurrency { get; set; } = 1_024;

    /// <summary>
    /// The most connects one scan may have in flight; each holds a file descriptor. Defaults to
    /// 4,096. Should the process run out of descriptors anyway, the scanner waits for its own
    /// connects to finish and tries again rather than reporting errors.
    /// </summary>
    [Range(1, 65_536)]
    public int MaxConcurrency { get; set; } = 4_096;

    /// <summary>The most addresses one scan may cover. Defaults to 4,096 (a /20).</summary>
    [Range(1, 16_777_216)]
    public int MaxAddresses { get; set; } = 4_096;

    /// <summary>The most probes (addresses × ports) one scan may make. Defaults to 1,048,576 (16 hosts × all ports).</summary>
    [Range(1, 268_435_456)]
    public int MaxProbes { get; set; } = 1_048_576;
}
