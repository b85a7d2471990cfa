using System.Security.Cryptography;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Agents.Link;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Features.Watches.Runs;
using Dashboard.Web.Features.Watches.Scheduling;
using Dashboard.Web.Features.Watches.Storage;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Watches;

/// <summary>
/// The one door to watches for the pages, the hub and the API: Viewers read; Operators make, change, pause, run and
/// delete their own within their bounds (how many, how often); Admins anyone's. Every change is audited and scheduled
/// in Quartz in the same call; runs happen on their own (<see cref="WatchRunner"/>).
/// </summary>
public sealed class WatchService(IServiceScopeFactory scopes, IOptions<WatchOptions> options, WatchScheduler scheduler, WatchChecks checks,
    AuditQueue audit, Quotas quotas, AgentRegistry agents, WatchEvents events, TimeProvider time)
{
    public WatchOptions Options => options.Value;

    /// <summary>The shortest interval <paramref name="actor"/> may set.</summary>
    public int MinIntervalSeconds(Actor actor) => actor.Role >= Role.Admin ? options.Value.AdminMinIntervalSeconds : options.Value.MinIntervalSeconds;

    /// <exception cref="RequestRefusedException">Invalid, not allowed, over a bound, or the name is taken.</exception>
    public Task<WatchView> CreateAsync(Actor actor, WatchSpec? spec, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.WatchCreate, spec?.Name, async () =>
        {
            actor.Require(Role.Operator, "making a watch");
            var completed = await CompleteAsync(actor, spec, cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            await CheckBoundsAsync(db, actor, cancellationToken);
            await CheckNameFreeAsync(db, completed.Name!, null, cancellationToken);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var record = new WatchRecord
            {
                Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), Name = completed.Name!, Group = completed.Group!,
                Kind = WatchSpecs.Wire(completed.Kind!.Value), OwnerId = actor.Id, OwnerName = actor.Name, CreatedAtMs = now,
            };
            db.Watches.Add(record);
            return await SaveAsync(db, record, completed, cancellationToken);
        }, view => WatchSpecs.Describe(view.Spec), view => $"{view.Spec.Name} ({view.Id})");

    /// <exception cref="RequestRefusedException">Invalid, not the owner (nor an Admin), not found, or the new name is taken.</exception>
    public Task<WatchView> UpdateAsync(Actor actor, string? id, WatchSpec? spec, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.WatchUpdate, id, () => OnOwnedAsync(actor, id, "changing a watch", async (db, record) =>
        {
            var completed = await CompleteAsync(actor, spec, cancellationToken);
            await CheckNameFreeAsync(db, completed.Name!, record.Id, cancellationToken);
            record.Name = completed.Name!;
            record.Group = completed.Group!;
            record.Kind = WatchSpecs.Wire(completed.Kind!.Value);
            // Vantage points no longer listed lose their state; a new expectation starts from unknown.
            await db.WatchStates.Where(s => s.WatchId == record.Id).ExecuteDeleteAsync(cancellationToken);
            return await SaveAsync(db, record, completed, cancellationToken);
        }, cancellationToken), view => WatchSpecs.Describe(view.Spec), view => $"{view.Spec.Name} ({view.Id})");

    /// <exception cref="RequestRefusedException">Not the owner (nor an Admin), or not found.</exception>
    public Task<WatchView> SetPausedAsync(Actor actor, string? id, bool paused, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.WatchUpdate, id, () => OnOwnedAsync(actor, id, paused ? "pausing a watch" : "resuming a watch",
            (db, record) => SaveAsync(db, record, WatchRecords.SpecOf(record) with { Paused = paused }, cancellationToken), cancellationToken),
            view => view.Spec.Paused == true ? "paused" : "resumed", view => $"{view.Spec.Name} ({view.Id})");

    /// <exception cref="RequestRefusedException">Not the owner (nor an Admin), or not found.</exception>
    public Task<WatchView> DeleteAsync(Actor actor, string? id, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.WatchDelete, id, () => OnOwnedAsync(actor, id, "deleting a watch", async (db, record) =>
        {
            await scheduler.UnscheduleAsync(record.Id, cancellationToken);
            var view = WatchRecords.ViewOf(record, [], null);
            db.Watches.Remove(record);
            await db.SaveChangesAsync(cancellationToken);
            // Its runs, states and figures go with it; its incidents stay (they name the watch) until retention.
            await db.WatchStates.Where(s => s.WatchId == record.Id).ExecuteDeleteAsync(cancellationToken);
            await db.WatchRuns.Where(r => r.WatchId == record.Id).ExecuteDeleteAsync(cancellationToken);
            await db.WatchHours.Where(h => h.WatchId == record.Id).ExecuteDeleteAsync(cancellationToken);
            events.Publish([record.Id], redefined: true);
            return view;
        }, cancellationToken), view => WatchSpecs.Describe(view.Spec), view => $"{view.Spec.Name} ({view.Id})");

    /// <summary>Runs the watch once now, outside its schedule (on whichever instance Quartz gives it to).</summary>
    /// <exception cref="RequestRefusedException">Not the owner (nor an Admin), or not found.</exception>
    public Task<WatchView> RunNowAsync(Actor actor, string? id, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.WatchRun, id, () => OnOwnedAsync(actor, id, "running a watch now", async (db, record) =>
        {
            await scheduler.RunNowAsync(record.Id, cancellationToken);
            return await ViewAsync(db, record, cancellationToken);
        }, cancellationToken), _ => "run asked for", view => $"{view.Spec.Name} ({view.Id})");

    /// <summary>
    /// One run of a watch not yet saved, with the actor's own powers and quota (it is a probe by another name): what the
    /// form shows before saving. Nothing is stored.
    /// </summary>
    /// <exception cref="RequestRefusedException">Invalid, not allowed, or over the probe quota.</exception>
    public Task<IReadOnlyList<WatchOutcome>> PreviewAsync(Actor actor, WatchSpec? spec, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.WatchPreview, spec?.Name, async () =>
        {
            actor.Require(Role.Operator, "trying a watch");
            var completed = await CompleteAsync(actor, spec, cancellationToken);
            quotas.TakeProbe(actor);
            return (IReadOnlyList<WatchOutcome>)[.. await Task.WhenAll(completed.From!.Select(from => checks.RunAsync(completed, actor, from, cancellationToken)))];
        }, outcomes => string.Join("; ", outcomes.Select(o => $"{o.VantageName}: {(o.Passed ? "pass" : "fail")} {o.Outcome}")));

    /// <summary>The spec checked and completed for <paramref name="actor"/>: its bounds, and vantage points that exist.</summary>
    /// <exception cref="RequestRefusedException">Invalid.</exception>
    public async Task<WatchSpec> CompleteAsync(Actor actor, WatchSpec? spec, CancellationToken cancellationToken)
    {
        var completed = WatchSpecs.Complete(spec, options.Value, MinIntervalSeconds(actor));
        var named = completed.From!.Append(completed.Kind == WatchKind.Path ? completed.PathTo! : "").Where(f => f.Length > 0).Distinct();
        foreach (var from in named)
        {
            if (await agents.FindAsync(from, cancellationToken) is not { RevokedAt: null })
            {
                throw new InvalidRequestException($"from: no agent is named '{from}'; use \"\" for this server or an agent's name or id (GET /api/agents)");
            }
        }

        return completed;
    }

    // What changing one watch shares: the watch read, and the actor its owner or an Admin.
    private async Task<WatchView> OnOwnedAsync(Actor actor, string? id, string action, Func<DashboardDb, WatchRecord, Task<WatchView>> change,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var record = await FindAsync(db, id, cancellationToken);
        actor.RequireOwnerOrAdmin(record.OwnerName, action);
        return await change(db, record);
    }

    // The spec stored, then scheduled as stored, then the pages told.
    private async Task<WatchView> SaveAsync(DashboardDb db, WatchRecord record, WatchSpec spec, CancellationToken cancellationToken)
    {
        record.SpecJson = WatchRecords.JsonOf(spec);
        record.UpdatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(cancellationToken);
        await scheduler.ScheduleAsync(record.Id, spec, cancellationToken);
        events.Publish([record.Id], redefined: true);
        return await ViewAsync(db, record, cancellationToken);
    }

    private async Task<WatchView> ViewAsync(DashboardDb db, WatchRecord record, CancellationToken cancellationToken) =>
        WatchRecords.ViewOf(record, await db.WatchStates.AsNoTracking().Where(s => s.WatchId == record.Id).ToListAsync(cancellationToken),
            await scheduler.NextRunAsync(record.Id, cancellationToken));

    private async Task CheckBoundsAsync(DashboardDb db, Actor actor, CancellationToken cancellationToken)
    {
        var all = await db.Watches.CountAsync(cancellationToken);
        if (all >= options.Value.MaxWatches)
        {
            throw RequestRefusedException.LimitReached($"there are {all} watches, the most this dashboard keeps ({WatchOptions.Section}:MaxWatches); delete one first");
        }

        if (actor.Role < Role.Admin && await db.Watches.CountAsync(w => w.OwnerId == actor.Id, cancellationToken) is var own && own >= options.Value.MaxWatchesPerOperator)
        {
            throw RequestRefusedException.LimitReached(
                $"{actor.Name} owns {own} watches, the most an Operator may ({WatchOptions.Section}:MaxWatchesPerOperator); delete one first");
        }
    }

    private static async Task CheckNameFreeAsync(DashboardDb db, string name, string? exceptId, CancellationToken cancellationToken)
    {
        if (await db.Watches.AsNoTracking().FirstOrDefaultAsync(w => w.Name == name && w.Id != exceptId, cancellationToken) is { } taken)
        {
            throw RequestRefusedException.Conflict($"name '{name}' is taken by watch {taken.Id}; choose another");
        }
    }

    internal static async Task<WatchRecord> FindAsync(DashboardDb db, string? id, CancellationToken cancellationToken) =>
        await db.Watches.FirstOrDefaultAsync(w => w.Id == id || w.Name == id, cancellationToken)
        ?? throw RequestRefusedException.NotFound($"no watch has the id or name '{id}'");
}
