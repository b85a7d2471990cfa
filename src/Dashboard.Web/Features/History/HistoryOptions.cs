using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Features.History;

/// <summary>What the dashboard remembers and for how long. Configuration section <c>History</c>.</summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    /// <summary>Off (<c>false</c>): nothing is stored, scans are published as they arrive (the benchmark's baseline). Defaults to on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Items older than this many days are deleted. Defaults to 90; 0 keeps them until <see cref="MaxSizeMb"/> says otherwise.</summary>
    [Range(0, 36_500)]
    public int MaxAgeDays { get; set; } = 90;

    /// <summary>
    /// The most the history may hold, in MB (its rows and chunks as stored, before the database's own overhead);
    /// the oldest finished items go first. Defaults to 1,024; 0 for no bound by size.
    /// </summary>
    [Range(0, 10_000_000)]
    public long MaxSizeMb { get; set; } = 1_024;

    /// <summary>
    /// How often a running scan's new results are written, one transaction each. Defaults to 100 ms:
    /// a watcher sees a result at most this much later than without history, and it is on disk before it is seen.
    /// </summary>
    [Range(10, 5_000)]
    public int FlushIntervalMs { get; set; } = 100;

    /// <summary>The most events stored per listener session (beyond: counted, not stored). Defaults to 10,000.</summary>
    [Range(0, 1_000_000)]
    public int MaxListenerEvents { get; set; } = 10_000;

    /// <summary>
    /// Results of stored scans kept decoded in memory, so paging and exporting a stored scan decode it once; the least
    /// recently read scans go first, and a larger scan is decoded per read. Defaults to 1,000,000 (16 bytes a result: about 16 MB); 0 keeps none.
    /// </summary>
    [Range(0, 100_000_000)]
    public long DecodedScanResults { get; set; } = 1_000_000;

    /// <summary>How often retention runs. Defaults to 10 minutes.</summary>
    [Range(1, 24 * 60)]
    public int RetentionIntervalMinutes { get; set; } = 10;

    /// <summary>Audit rows older than this many days are deleted (the only delete of the trail, itself audited). Defaults to 365; 0 keeps them forever.</summary>
    [Range(0, 36_500)]
    public int AuditMaxAgeDays { get; set; } = 365;
}
