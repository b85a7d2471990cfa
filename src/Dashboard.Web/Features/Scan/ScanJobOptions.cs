using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Features.Scan;

/// <summary>How the dashboard runs scans as jobs. Configuration section <c>Dashboard:Scans</c>.</summary>
public sealed class ScanJobOptions
{
    public const string Section = "Dashboard:Scans";

    /// <summary>Scans running at once on this server. Defaults to 4: each uses every core while it runs.</summary>
    [Range(1, 64)]
    public int MaxRunning { get; set; } = 4;

    /// <summary>Finished scans kept for watchers and exports. Defaults to 16; the oldest go first.</summary>
    [Range(0, 1_000)]
    public int MaxRetained { get; set; } = 16;

    /// <summary>How long a finished scan is kept. Defaults to 30 minutes.</summary>
    [Range(1, 24 * 60)]
    public int RetainMinutes { get; set; } = 30;

    /// <summary>Results per <c>ScanBatch</c> at most. Defaults to 4,096 (about 1.3 MB of JSON).</summary>
    [Range(1, 65_536)]
    public int BatchSize { get; set; } = 4_096;

    /// <summary>The longest a result waits before its batch is sent. Defaults to 50 ms.</summary>
    [Range(1, 10_000)]
    public int FlushIntervalMs { get; set; } = 50;
}
