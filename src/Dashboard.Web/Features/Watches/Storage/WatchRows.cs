namespace Dashboard.Web.Features.Watches.Storage;

/// <summary>A watch: the spec as the user wrote it (JSON, defaults filled in) and the columns the lists filter on.</summary>
public sealed class WatchRecord
{
    public const int MaxNameLength = 100;

    public const int MaxGroupLength = 64;

    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Group { get; set; } = "";

    public string Kind { get; set; } = "";

    public string OwnerId { get; set; } = "";

    public string OwnerName { get; set; } = "";

    /// <summary>The <see cref="Contracts.Watches.WatchSpec"/> in the wire's JSON.</summary>
    public string SpecJson { get; set; } = "";

    public long CreatedAtMs { get; set; }

    public long UpdatedAtMs { get; set; }

    /// <summary>Why runs stop short of the check, when they do (the owner lost the role, a vantage point is gone).</summary>
    public string? Problem { get; set; }
}

/// <summary>A watch's state at one vantage point, updated by every run.</summary>
public sealed class WatchStateRow
{
    public string WatchId { get; set; } = "";

    /// <summary>"" for this server, else the agent's id.</summary>
    public string Vantage { get; set; } = "";

    public string VantageName { get; set; } = "";

    public string Status { get; set; } = "unknown";

    public long? SinceMs { get; set; }

    public long? LastRunAtMs { get; set; }

    public bool? LastPassed { get; set; }

    public string? LastReason { get; set; }

    public double? LastRttMs { get; set; }

    /// <summary>Consecutive runs with <see cref="LastPassed"/>'s result.</summary>
    public int Streak { get; set; }

    /// <summary>The first run of the streak: where an incident starts.</summary>
    public long? StreakSinceMs { get; set; }

    public long? OpenIncidentId { get; set; }

    public long? LastRemindedAtMs { get; set; }
}

/// <summary>One run at one vantage point; kept for <c>Watches:RawRunDays</c>, then folded into <see cref="WatchHourRow"/>.</summary>
public sealed class WatchRunRow
{
    public const int MaxReasonLength = Contracts.Watches.WatchOutcome.MaxReasonLength;

    public long Id { get; set; }

    public string WatchId { get; set; } = "";

    public string Vantage { get; set; } = "";

    public long AtMs { get; set; }

    public bool Passed { get; set; }

    public string Outcome { get; set; } = "";

    public string Reason { get; set; } = "";

    public double? RttMs { get; set; }

    public double? LagMs { get; set; }
}

/// <summary>A confirmed failure at one vantage point.</summary>
public sealed class WatchIncidentRow
{
    public long Id { get; set; }

    public string WatchId { get; set; } = "";

    public string WatchName { get; set; } = "";

    public string Group { get; set; } = "";

    public string Vantage { get; set; } = "";

    public long StartedAtMs { get; set; }

    public long? EndedAtMs { get; set; }

    public string Cause { get; set; } = "";

    /// <summary>Who was told, comma separated channel names, as the notifier answered.</summary>
    public string? Notified { get; set; }
}

/// <summary>An hour of runs at one vantage point, kept for <c>Watches:HourlyDays</c>.</summary>
public sealed class WatchHourRow
{
    public string WatchId { get; set; } = "";

    public string Vantage { get; set; } = "";

    public long HourMs { get; set; }

    public int Runs { get; set; }

    public int Passed { get; set; }

    public int RttCount { get; set; }

    public double RttSumMs { get; set; }

    public double? RttMinMs { get; set; }

    public double? RttMaxMs { get; set; }
}

/// <summary>A group's status page: whether it is public, the hash of its unguessable token, what it shows.</summary>
public sealed class StatusPageRow
{
    public string Group { get; set; } = "";

    public bool IsPublic { get; set; }

    /// <summary>SHA-256 of the token in the public address, for the look-up.</summary>
    public string? TokenHash { get; set; }

    /// <summary>The token itself, encrypted with data protection, so an Admin can copy the address again.</summary>
    public string? ProtectedToken { get; set; }

    /// <summary>Whether the public page shows targets and reasons (otherwise names and states only).</summary>
    public bool ShowDetails { get; set; }

    public long UpdatedAtMs { get; set; }
}
