namespace Dashboard.Web.Features.Watches;

/// <summary>What a confirmed change is told as.</summary>
public enum WatchAlertKind
{
    /// <summary>A watch failed at a vantage point, confirmed by <c>confirmAfter</c> runs: an incident opened.</summary>
    Down,

    /// <summary>It passes again, confirmed: the incident closed.</summary>
    Recovered,

    /// <summary>Still down after the watch's <c>remindMinutes</c>.</summary>
    Reminder,
}

/// <summary>One confirmed change of one watch at one vantage point, as the watch runs saw it.</summary>
/// <param name="Kind">Down, recovered or a reminder.</param>
/// <param name="WatchId">The watch.</param>
/// <param name="WatchName">Its name.</param>
/// <param name="Group">Its group: channels are routed by group.</param>
/// <param name="Vantage">Where it ran, as results name it ("this server" or the agent's name).</param>
/// <param name="Target">What it checks in words ("tcp 10.0.0.5:5432 expect open").</param>
/// <param name="Reason">The run's outcome in words (the errno and its name, the bytes, the ports).</param>
/// <param name="At">The run that confirmed it.</param>
/// <param name="IncidentId">The incident this belongs to.</param>
/// <param name="IncidentStartedAt">When the incident began (for a recovery: its duration).</param>
public sealed record WatchAlert(
    WatchAlertKind Kind,
    string WatchId,
    string WatchName,
    string Group,
    string Vantage,
    string Target,
    string Reason,
    DateTimeOffset At,
    long IncidentId,
    DateTimeOffset IncidentStartedAt);

/// <summary>
/// The seam between watches and whoever tells people (Features/Notifications). Called once per confirmed change, after
/// the incident is stored; it must only queue (a delivery never blocks a run) and answers the names of the channels
/// it queued for, which the incident keeps as "who was told". Muted (a maintenance window) answers none.
/// </summary>
public interface IWatchAlerts
{
    ValueTask<IReadOnlyList<string>> RaiseAsync(WatchAlert alert, CancellationToken cancellationToken);
}

/// <summary>Without a notifications feature: nobody is told.</summary>
public sealed class NoWatchAlerts : IWatchAlerts
{
    public ValueTask<IReadOnlyList<string>> RaiseAsync(WatchAlert alert, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<string>>([]);
}
