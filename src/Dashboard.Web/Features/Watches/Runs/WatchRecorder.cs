using Dashboard.Contracts.Watches;
using System.Threading.Channels;
using Dashboard.Web.Features.Watches.Storage;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Watches.Runs;

/// <summary>One watch's run at every vantage point, waiting to be written.</summary>
/// <param name="WatchId">The watch.</param>
/// <param name="Spec">As it ran (its group, name and confirmAfter are read from it).</param>
/// <param name="DueAt">When Quartz meant it to run.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Outcomes">One per vantage point.</param>
public sealed record PendingRun(string WatchId, Contracts.Watches.WatchSpec Spec, DateTimeOffset DueAt, DateTimeOffset StartedAt, IReadOnlyList<WatchOutcome> Outcomes)
{
    internal TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Writes runs in batches (one transaction for all that are waiting): the run rows, the state at each vantage point, the
/// hour's figures, and an incident for each confirmed change. A run's job waits until its batch is committed, so what a
/// page or a notification shows is stored first; the alerts are raised after the commit.
/// </summary>
public sealed class WatchRecorder(IServiceScopeFactory scopes, IOptions<WatchOptions> options, WatchAlertsOutbox outbox, WatchEvents events,
    WatchMetrics metrics, ILogger<WatchRecorder> logger) : BackgroundService
{
    private const int BatchSize = 512;

    /// <summary>
    /// How long the writer gathers runs after the first arrives: at 200 runs a second, one transaction for about twenty
    /// instead of one each. A run's job waits this much longer for its commit; its start (the lag) is not affected.
    /// </summary>
    public static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(100);

    private readonly Channel<PendingRun> _queue = Channel.CreateBounded<PendingRun>(
        new BoundedChannelOptions(options.Value.MaxPendingRuns) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    /// <summary>Queues <paramref name="run"/> and waits until it is stored; a full queue drops it (counted).</summary>
    public async Task RecordAsync(PendingRun run, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(run))
        {
            metrics.RunDropped();
            WatchLog.RunDropped(logger, run.WatchId);
            return;
        }

        await run.Written.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingRun>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                if (_queue.Reader.Count < BatchSize)
                {
                    await Task.Delay(GatherWindow, stoppingToken);
                }

                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var run))
                {
                    batch.Add(run);
                }

                await WriteAsync(batch, CancellationToken.None);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var rest = new List<PendingRun>();
        while (_queue.Reader.TryRead(out var run))
        {
            rest.Add(run);
        }

        if (rest.Count > 0)
        {
            await WriteAsync(rest, cancellationToken);
        }
    }

    private async Task WriteAsync(List<PendingRun> batch, CancellationToken cancellationToken)
    {
        var alerts = new List<(WatchAlert Alert, WatchIncidentRow Incident, WatchStateRow State)>();
        var changed = new List<WatchStateRow>();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                alerts.Clear();
                changed.Clear();
                try
                {
                    await WriteOnceAsync(batch, alerts, changed, cancellationToken);
                    break;
                }
                catch (DbUpdateException e) when (attempt == 1 && e.InnerException is System.Data.Common.DbException { SqlState: "23505" or "23000" or null })
                {
                    // Scaled out, another instance wrote the first figures of the same hour (or state) a moment before this
                    // one: read again, and what it wrote is updated instead of inserted twice.
                    WatchLog.BatchRetried(logger, batch.Count, e.InnerException.Message);
                }
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or DbUpdateException or InvalidOperationException or TimeoutException)
        {
            // A database refusing a batch costs that batch (counted, logged), never the writer: the next batch is tried.
            metrics.RunDropped(batch.Count);
            WatchLog.BatchFailed(logger, batch.Count, e);
            alerts.Clear();
            changed.Clear();
        }
        finally
        {
            batch.ForEach(r => r.Written.TrySetResult());
        }

        await TellAsync(alerts, changed, cancellationToken);
    }

    private async Task WriteOnceAsync(List<PendingRun> batch, List<(WatchAlert Alert, WatchIncidentRow Incident, WatchStateRow State)> alerts,
        List<WatchStateRow> changed, CancellationToken cancellationToken)
    {
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            var ids = batch.Select(r => r.WatchId).Distinct().ToList();
            var existing = (await db.Watches.Where(w => ids.Contains(w.Id)).Select(w => w.Id).ToListAsync(cancellationToken)).ToHashSet();
            var states = (await db.WatchStates.Where(s => ids.Contains(s.WatchId)).ToListAsync(cancellationToken)).ToDictionary(s => (s.WatchId, s.Vantage));
            var openIds = states.Values.Where(s => s.OpenIncidentId is not null).Select(s => s.OpenIncidentId!.Value).ToList();
            var open = await db.WatchIncidents.Where(i => openIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
            var hours = await HoursAsync(db, batch, cancellationToken);
            foreach (var run in batch.Where(r => existing.Contains(r.WatchId)))
            {
                var atMs = run.StartedAt.ToUnixTimeMilliseconds();
                var lag = Math.Max(0, (run.StartedAt - run.DueAt).TotalMilliseconds);
                metrics.Ran(run, lag);
                foreach (var outcome in run.Outcomes)
                {
                    db.WatchRuns.Add(new WatchRunRow
                    {
                        WatchId = run.WatchId, Vantage = outcome.Vantage, AtMs = atMs, Passed = outcome.Passed, Outcome = outcome.Outcome,
                        Reason = outcome.Reason, RttMs = outcome.RttMs, LagMs = lag,
                    });
                    Count(db, hours, run.WatchId, outcome, atMs);
                    if (!states.TryGetValue((run.WatchId, outcome.Vantage), out var state))
                    {
                        state = new WatchStateRow { WatchId = run.WatchId, Vantage = outcome.Vantage };
                        states.Add((run.WatchId, outcome.Vantage), state);
                        db.WatchStates.Add(state);
                    }

                    if (WatchJudge.Apply(state, outcome, atMs, run.Spec.ConfirmAfter ?? 1, run.Spec.RemindMinutes) is { } kind)
                    {
                        var incident = Incident(db, open, run, outcome, state, kind, atMs);
                        alerts.Add((Alert(run, outcome, incident, kind), incident, state));
                    }

                    changed.Add(state);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            // A new incident has its id now: the state keeps it, so recovery closes that one (the same transaction's data, a second write).
            var opened = alerts.Where(a => a.Alert.Kind == WatchAlertKind.Down).ToList();
            if (opened.Count > 0)
            {
                opened.ForEach(a => a.State.OpenIncidentId = a.Incident.Id);
                await db.SaveChangesAsync(cancellationToken);
            }
        }
    }

    private async Task TellAsync(List<(WatchAlert Alert, WatchIncidentRow Incident, WatchStateRow State)> alerts, List<WatchStateRow> changed,
        CancellationToken cancellationToken)
    {
        foreach (var (alert, incident, _) in alerts)
        {
            try
            {
                await outbox.RaiseAsync(alert with { IncidentId = incident.Id }, cancellationToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or DbUpdateException or InvalidOperationException or TimeoutException)
            {
                WatchLog.AlertFailed(logger, alert.WatchId, e);
            }
        }

        events.Publish(changed);
    }

    private static WatchIncidentRow Incident(DashboardDb db, Dictionary<long, WatchIncidentRow> open, PendingRun run, WatchOutcome outcome, WatchStateRow state,
        WatchAlertKind kind, long atMs)
    {
        if (kind == WatchAlertKind.Down)
        {
            var incident = new WatchIncidentRow
            {
                WatchId = run.WatchId, WatchName = run.Spec.Name!, Group = run.Spec.Group!, Vantage = outcome.Vantage,
                StartedAtMs = state.SinceMs ?? atMs, Cause = outcome.Reason,
            };
            db.WatchIncidents.Add(incident);
            return incident;
        }

        var current = state.OpenIncidentId is { } id && open.TryGetValue(id, out var found)
            ? found
            : new WatchIncidentRow { WatchId = run.WatchId, WatchName = run.Spec.Name!, Group = run.Spec.Group!, Vantage = outcome.Vantage, StartedAtMs = atMs };
        if (kind == WatchAlertKind.Recovered)
        {
            current.EndedAtMs = atMs;
            state.OpenIncidentId = null;
        }

        return current;
    }

    private static WatchAlert Alert(PendingRun run, WatchOutcome outcome, WatchIncidentRow incident, WatchAlertKind kind) =>
        new(kind, run.WatchId, run.Spec.Name!, run.Spec.Group!, outcome.VantageName, WatchSpecs.Describe(run.Spec), outcome.Reason, run.StartedAt, incident.Id,
            DateTimeOffset.FromUnixTimeMilliseconds(incident.StartedAtMs));

    private static async Task<Dictionary<(string, string, long), WatchHourRow>> HoursAsync(DashboardDb db, List<PendingRun> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(r => r.WatchId).Distinct().ToList();
        var hoursWanted = batch.Select(r => HourOf(r.StartedAt.ToUnixTimeMilliseconds())).Distinct().ToList();
        return (await db.WatchHours.Where(h => ids.Contains(h.WatchId) && hoursWanted.Contains(h.HourMs)).ToListAsync(cancellationToken))
            .ToDictionary(h => (h.WatchId, h.Vantage, h.HourMs));
    }

    private static void Count(DashboardDb db, Dictionary<(string, string, long), WatchHourRow> hours, string watchId, WatchOutcome outcome, long atMs)
    {
        var key = (watchId, outcome.Vantage, HourOf(atMs));
        if (!hours.TryGetValue(key, out var hour))
        {
            hour = new WatchHourRow { WatchId = watchId, Vantage = outcome.Vantage, HourMs = key.Item3 };
            hours.Add(key, hour);
            db.WatchHours.Add(hour);
        }

        hour.Runs++;
        hour.Passed += outcome.Passed ? 1 : 0;
        if (outcome.RttMs is { } rtt)
        {
            hour.RttCount++;
            hour.RttSumMs += rtt;
            hour.RttMinMs = Math.Min(hour.RttMinMs ?? rtt, rtt);
            hour.RttMaxMs = Math.Max(hour.RttMaxMs ?? rtt, rtt);
        }
    }

    public static long HourOf(long ms) => ms - (ms % 3_600_000);
}
