using Dashboard.Contracts.Watches;
using Dashboard.Web.Features.Watches.Storage;

namespace Dashboard.Web.Features.Watches.Runs;

/// <summary>
/// Turns one run into the watch's state at that vantage point: a change counts once <c>confirmAfter</c> consecutive runs
/// agree (flap suppression); a confirmed failure opens an incident, a confirmed pass closes it; while down, a reminder
/// is due every <c>remindMinutes</c>.
/// </summary>
public static class WatchJudge
{
    /// <summary>Updates <paramref name="state"/> in place; answers what is to be told, if anything.</summary>
    public static WatchAlertKind? Apply(WatchStateRow state, WatchOutcome run, long atMs, int confirmAfter, int? remindMinutes)
    {
        if (atMs < state.LastRunAtMs)
        {
            // An overlapping run that started earlier but ended later: its row is kept, the state stays with the newer run.
            return null;
        }

        var same = state.LastPassed == run.Passed;
        state.Streak = same ? state.Streak + 1 : 1;
        state.StreakSinceMs = same ? state.StreakSinceMs ?? atMs : atMs;
        state.LastPassed = run.Passed;
        state.LastRunAtMs = atMs;
        state.LastReason = run.Reason;
        state.LastRttMs = run.RttMs;
        state.VantageName = run.VantageName;

        var status = Status(state.Status);
        if (state.Streak >= confirmAfter)
        {
            if (run.Passed && status != WatchStatus.Up)
            {
                state.Status = "up";
                state.SinceMs = state.StreakSinceMs;
                return status == WatchStatus.Down ? WatchAlertKind.Recovered : null;
            }

            if (!run.Passed && status != WatchStatus.Down)
            {
                state.Status = "down";
                state.SinceMs = state.StreakSinceMs;
                state.LastRemindedAtMs = atMs;
                return WatchAlertKind.Down;
            }
        }

        if (status == WatchStatus.Down && !run.Passed && remindMinutes is { } minutes
            && atMs - (state.LastRemindedAtMs ?? state.SinceMs ?? atMs) >= minutes * 60_000L)
        {
            state.LastRemindedAtMs = atMs;
            return WatchAlertKind.Reminder;
        }

        return null;
    }

    public static WatchStatus Status(string stored) => stored switch
    {
        "up" => WatchStatus.Up,
        "down" => WatchStatus.Down,
        _ => WatchStatus.Unknown,
    };
}
