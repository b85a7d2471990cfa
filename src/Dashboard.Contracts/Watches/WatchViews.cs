namespace Dashboard.Contracts.Watches;

/// <summary>A stored watch: its spec with the defaults filled in, who owns it, and its state at each vantage point.</summary>
public sealed record WatchView(
    string Id,
    WatchSpec Spec,
    string Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<WatchVantageState> States,
    DateTimeOffset? NextRunAt,
    string? Problem);

/// <summary>A watch's state at one vantage point.</summary>
/// <param name="Vantage">The vantage point as the spec names it ("" for this server).</param>
/// <param name="VantageName">How results name it: "this server" or the agent's name.</param>
/// <param name="Status">Confirmed state.</param>
/// <param name="Since">When <see cref="Status"/> began.</param>
/// <param name="LastRunAt">The latest run.</param>
/// <param name="LastPassed">Whether the latest run passed (it may not be confirmed yet).</param>
/// <param name="LastReason">The latest run's outcome in words.</param>
/// <param name="LastRttMs">The latest run's round trip, when it had one.</param>
/// <param name="Streak">Consecutive runs with the latest result.</param>
public sealed record WatchVantageState(
    string Vantage,
    string VantageName,
    WatchStatus Status,
    DateTimeOffset? Since,
    DateTimeOffset? LastRunAt,
    bool? LastPassed,
    string? LastReason,
    double? LastRttMs,
    int Streak);

/// <summary>One run at one vantage point.</summary>
/// <param name="Id">Increasing with time.</param>
/// <param name="Vantage">The vantage point as the spec names it.</param>
/// <param name="At">When the run started.</param>
/// <param name="Passed">Whether the expectation held.</param>
/// <param name="Outcome">What was found, in the check's own words: open, closed, filtered, reply, refused, silence, reachable, blocked, baseline, changed, denied, error.</param>
/// <param name="Reason">Plain words: the errno and its name, the bytes that differed, the ports that appeared or vanished.</param>
/// <param name="RttMs">The connect or reply round trip, when there was one.</param>
/// <param name="LagMs">How late the run started after it was due.</param>
public sealed record WatchRunView(
    long Id,
    string Vantage,
    DateTimeOffset At,
    bool Passed,
    string Outcome,
    string Reason,
    double? RttMs,
    double? LagMs);

/// <summary>A confirmed failure at one vantage point, from the run that confirmed it to the one that confirmed recovery.</summary>
public sealed record WatchIncidentView(
    long Id,
    string WatchId,
    string WatchName,
    string Vantage,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string Cause,
    string? Notified);

/// <summary>Share of passing runs over a window; null where no run fell in it.</summary>
public sealed record WatchUptime(string Vantage, double? Day, double? Week, double? Month);

/// <summary>One point of a watch's RTT series: raw runs for recent times, hourly figures for older ones.</summary>
public sealed record WatchRttPoint(DateTimeOffset At, double? RttMs, double? MinMs, double? MaxMs, int Runs, int Passed);
