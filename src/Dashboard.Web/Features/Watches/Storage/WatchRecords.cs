using System.Text.Json;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.Watches.Storage;

/// <summary>A record's spec and its view, as the wire writes them.</summary>
public static class WatchRecords
{
    public static WatchSpec SpecOf(WatchRecord record) =>
        JsonSerializer.Deserialize<WatchSpec>(record.SpecJson, WireJson.Options) ?? throw new InvalidOperationException($"watch {record.Id} has no spec");

    public static string JsonOf(WatchSpec spec) => JsonSerializer.Serialize(spec, WireJson.Options);

    public static WatchView ViewOf(WatchRecord record, IEnumerable<WatchStateRow> states, DateTimeOffset? nextRunAt)
    {
        var spec = SpecOf(record);
        var byVantage = states.ToDictionary(s => s.Vantage, StringComparer.OrdinalIgnoreCase);
        var shown = spec.From!.Select(from => byVantage.TryGetValue(from, out var state)
                ? StateOf(state, spec.Paused == true)
                : new WatchVantageState(from, from.Length == 0 ? "this server" : from, spec.Paused == true ? WatchStatus.Paused : WatchStatus.Unknown, null, null, null, null, null, 0))
            .ToList();
        return new WatchView(record.Id, spec, record.OwnerName, At(record.CreatedAtMs), At(record.UpdatedAtMs), shown, spec.Paused == true ? null : nextRunAt, record.Problem);
    }

    public static WatchVantageState StateOf(WatchStateRow state, bool paused) => new(
        state.Vantage, state.VantageName.Length == 0 ? (state.Vantage.Length == 0 ? "this server" : state.Vantage) : state.VantageName,
        paused ? WatchStatus.Paused : Runs.WatchJudge.Status(state.Status),
        state.SinceMs is { } since ? At(since) : null, state.LastRunAtMs is { } last ? At(last) : null, state.LastPassed, state.LastReason, state.LastRttMs, state.Streak);

    public static WatchRunView RunOf(WatchRunRow run) => new(run.Id, run.Vantage, At(run.AtMs), run.Passed, run.Outcome, run.Reason, run.RttMs, run.LagMs);

    public static WatchIncidentView IncidentOf(WatchIncidentRow incident) => new(incident.Id, incident.WatchId, incident.WatchName, incident.Vantage,
        At(incident.StartedAtMs), incident.EndedAtMs is { } ended ? At(ended) : null, incident.Cause, incident.Notified);

    public static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
