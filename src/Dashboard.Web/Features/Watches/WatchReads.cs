using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Watches.Runs;
using Dashboard.Web.Features.Watches.Scheduling;
using Dashboard.Web.Features.Watches.Storage;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.Watches;

/// <summary>A list's filter; every part optional.</summary>
public sealed record WatchFilter(string? Group = null, WatchStatus? Status = null, string? Owner = null, string? Text = null);

/// <summary>What everyone signed in may read about watches: the list, one watch, its runs, incidents, uptime and RTT.</summary>
public sealed class WatchReads(IServiceScopeFactory scopes, WatchScheduler scheduler, TimeProvider time)
{
    public const int MaxRuns = 1_000;

    public async Task<IReadOnlyList<WatchView>> ListAsync(Actor actor, WatchFilter? filter, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "listing watches");
        filter ??= new WatchFilter();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var query = db.Watches.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Group))
        {
            query = query.Where(w => w.Group == filter.Group.Trim());
        }

        if (!string.IsNullOrWhiteSpace(filter.Owner))
        {
            query = query.Where(w => w.OwnerName == filter.Owner.Trim());
        }

        var records = await query.OrderBy(w => w.Group).ThenBy(w => w.Name).ToListAsync(cancellationToken);
        var ids = records.Select(r => r.Id).ToList();
        var states = (await db.WatchStates.AsNoTracking().Where(s => ids.Contains(s.WatchId)).ToListAsync(cancellationToken)).ToLookup(s => s.WatchId);
        var views = records.Select(r => WatchRecords.ViewOf(r, states[r.Id], null));
        if (filter.Status is { } status)
        {
            views = views.Where(v => v.States.Any(s => s.Status == status));
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            views = views.Where(v => v.Spec.Name!.Contains(text, StringComparison.OrdinalIgnoreCase) || WatchSpecs.Describe(v.Spec).Contains(text, StringComparison.OrdinalIgnoreCase));
        }

        return [.. views];
    }

    /// <exception cref="RequestRefusedException">Not found.</exception>
    public async Task<WatchView> GetAsync(Actor actor, string? id, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "reading a watch");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var record = await WatchService.FindAsync(db, id, cancellationToken);
        return WatchRecords.ViewOf(record, await db.WatchStates.AsNoTracking().Where(s => s.WatchId == record.Id).ToListAsync(cancellationToken),
            await scheduler.NextRunAsync(record.Id, cancellationToken));
    }

    /// <summary>The newest runs first, optionally at one vantage point and before a run id (paging).</summary>
    public async Task<IReadOnlyList<WatchRunView>> RunsAsync(Actor actor, string? id, string? vantage, int? limit, long? before, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "reading a watch's runs");
        if (limit is < 1 or > MaxRuns)
        {
            throw new InvalidRequestException($"limit must be 1-{MaxRuns}, got {limit}");
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var record = await WatchService.FindAsync(db, id, cancellationToken);
        var query = db.WatchRuns.AsNoTracking().Where(r => r.WatchId == record.Id);
        if (vantage is not null)
        {
            var at = Vantage.VantagePoints.IsLocal(vantage) ? "" : vantage.Trim();
            query = query.Where(r => r.Vantage == at);
        }

        if (before is { } beforeId)
        {
            query = query.Where(r => r.Id < beforeId);
        }

        return [.. (await query.OrderByDescending(r => r.Id).Take(limit ?? 100).ToListAsync(cancellationToken)).Select(WatchRecords.RunOf)];
    }

    /// <summary>Incidents, newest first: of one watch, or of all (optionally only those still open).</summary>
    public async Task<IReadOnlyList<WatchIncidentView>> IncidentsAsync(Actor actor, string? id, bool openOnly, int? limit, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "reading incidents");
        if (limit is < 1 or > MaxRuns)
        {
            throw new InvalidRequestException($"limit must be 1-{MaxRuns}, got {limit}");
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var query = db.WatchIncidents.AsNoTracking();
        if (id is not null)
        {
            var record = await WatchService.FindAsync(db, id, cancellationToken);
            query = query.Where(i => i.WatchId == record.Id);
        }

        if (openOnly)
        {
            query = query.Where(i => i.EndedAtMs == null);
        }

        return [.. (await query.OrderByDescending(i => i.Id).Take(limit ?? 100).ToListAsync(cancellationToken)).Select(WatchRecords.IncidentOf)];
    }

    /// <summary>Share of passing runs over 24 h, 7 d and 30 d per vantage point, from the hourly figures.</summary>
    public async Task<IReadOnlyList<WatchUptime>> UptimeAsync(Actor actor, string? id, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "reading a watch's uptime");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var record = await WatchService.FindAsync(db, id, cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var monthAgo = now - 30L * 86_400_000;
        var hours = await db.WatchHours.AsNoTracking().Where(h => h.WatchId == record.Id && h.HourMs >= WatchRecorder.HourOf(monthAgo)).ToListAsync(cancellationToken);
        return [.. WatchRecords.SpecOf(record).From!.Select(vantage =>
        {
            var at = hours.Where(h => h.Vantage == vantage).ToList();
            return new WatchUptime(vantage, Share(at, now - 86_400_000L), Share(at, now - 7 * 86_400_000L), Share(at, monthAgo));
        })];
    }

    /// <summary>Share of passing runs over the last 24 h of every watch, per vantage point, in one read (for the list).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>>> DayUptimesAsync(Actor actor, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "reading watches' uptime");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var since = time.GetUtcNow().ToUnixTimeMilliseconds() - 86_400_000L;
        var hours = await db.WatchHours.AsNoTracking().Where(h => h.HourMs >= WatchRecorder.HourOf(since)).ToListAsync(cancellationToken);
        return hours.GroupBy(h => h.WatchId).ToDictionary(w => w.Key, w => (IReadOnlyDictionary<string, double?>)w.GroupBy(h => h.Vantage)
            .ToDictionary(v => v.Key, v => Share([.. v], since), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>RTT per hour at each vantage point over the last <paramref name="hours"/> hours (at most 30 days).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<WatchRttPoint>>> RttAsync(Actor actor, string? id, int? hours, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "reading a watch's round trips");
        if (hours is < 1 or > 720)
        {
            throw new InvalidRequestException($"hours must be 1-720, got {hours}");
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var record = await WatchService.FindAsync(db, id, cancellationToken);
        var since = WatchRecorder.HourOf(time.GetUtcNow().ToUnixTimeMilliseconds() - (hours ?? 24) * 3_600_000L);
        var rows = await db.WatchHours.AsNoTracking().Where(h => h.WatchId == record.Id && h.HourMs >= since).OrderBy(h => h.HourMs).ToListAsync(cancellationToken);
        return rows.GroupBy(h => h.Vantage).ToDictionary(g => g.Key, g => (IReadOnlyList<WatchRttPoint>)[.. g.Select(h =>
            new WatchRttPoint(WatchRecords.At(h.HourMs), h.RttCount == 0 ? null : h.RttSumMs / h.RttCount, h.RttMinMs, h.RttMaxMs, h.Runs, h.Passed))]);
    }

    /// <summary>The groups in use, for filters and status pages.</summary>
    public async Task<IReadOnlyList<string>> GroupsAsync(Actor actor, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "listing watch groups");
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashboardDb>().Watches.AsNoTracking().Select(w => w.Group).Distinct().OrderBy(g => g).ToListAsync(cancellationToken);
    }

    private static double? Share(List<WatchHourRow> hours, long sinceMs)
    {
        var runs = 0;
        var passed = 0;
        foreach (var hour in hours.Where(h => h.HourMs + 3_600_000 > sinceMs))
        {
            runs += hour.Runs;
            passed += hour.Passed;
        }

        return runs == 0 ? null : (double)passed / runs;
    }
}
