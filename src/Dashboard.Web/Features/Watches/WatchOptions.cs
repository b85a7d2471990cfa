using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Features.Watches;

/// <summary><c>Watches:*</c>: the bounds of watches and their runs (docs/watches.md, "Bounds").</summary>
public sealed class WatchOptions
{
    public const string Section = "Watches";

    /// <summary>Watches in all.</summary>
    [Range(1, 100_000)]
    public int MaxWatches { get; set; } = 5_000;

    /// <summary>Watches one Operator may own (Admins: <see cref="MaxWatches"/>).</summary>
    [Range(1, 100_000)]
    public int MaxWatchesPerOperator { get; set; } = 200;

    /// <summary>The shortest interval an Operator may set.</summary>
    [Range(1, 86_400)]
    public int MinIntervalSeconds { get; set; } = 30;

    /// <summary>The shortest interval an Admin may set.</summary>
    [Range(1, 86_400)]
    public int AdminMinIntervalSeconds { get; set; } = 5;

    [Range(1, 86_400)]
    public int DefaultIntervalSeconds { get; set; } = 60;

    /// <summary>Vantage points one watch runs from.</summary>
    [Range(1, 64)]
    public int MaxVantagePoints { get; set; } = 8;

    /// <summary>Ports one scan watch may scan.</summary>
    [Range(1, 65_536)]
    public int MaxScanPorts { get; set; } = 1_024;

    /// <summary>Runs at once on this instance (Quartz's pool); a due run waits for a free place.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentRuns { get; set; } = 256;

    /// <summary>Raw runs are kept this many days, then only their hourly figures.</summary>
    [Range(1, 3_650)]
    public int RawRunDays { get; set; } = 14;

    /// <summary>Hourly figures are kept this many days.</summary>
    [Range(1, 3_650)]
    public int HourlyDays { get; set; } = 365;

    /// <summary>Runs waiting to be written; past it a run is dropped, counted and logged.</summary>
    [Range(16, 1_000_000)]
    public int MaxPendingRuns { get; set; } = 20_000;

    /// <summary>
    /// Clustered (PostgreSQL): how often an instance checks in (another takes its work over after twice this), and how often
    /// an instance with nothing due looks again for runs to take (a watch made on another instance wakes only that one).
    /// </summary>
    [Range(1, 600)]
    public int ClusterCheckinSeconds { get; set; } = 5;
}
