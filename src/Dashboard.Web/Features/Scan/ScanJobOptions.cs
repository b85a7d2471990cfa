using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Features.Scan;

/// <summary>How the dashboard runs scans as jobs. Configuration section <c>Dashboard:Scans</c>.</summary>
public sealed class ScanJobOptions
{
    public const string Section = "Dashboard:Scans";

    /// <summary>
    /// Scans running at once on this server. Defaults to 4: each uses every core while it runs. One user's share,
    /// <c>Policy:Quotas:ConcurrentScans</c>, must be below it (checked at start), so no one user holds every slot.
    /// </summary>
    [Range(2, 64)]
    public int MaxRunning { get; set; } = 4;

    /// <summary>
    /// The longest one scan may run, in seconds; then it is cancelled (what arrived is kept) with the reason saying so.
    /// Defaults to 21,600 (6 h): far past any scan that makes progress (a /16 of filtered hosts with every retry takes
    /// under an hour), short enough that slow scans of a dropping host cannot hold a slot for days.
    /// </summary>
    [Range(1, 7 * 24 * 3600)]
    public int MaxDurationSeconds { get; set; } = 6 * 3600;

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
