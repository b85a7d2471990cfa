using System.Collections.Concurrent;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Watches.Storage;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.Watches.Runs;

/// <summary>What a run needs of a watch: its spec and its owner as an actor with the owner's present role, or why it may not run.</summary>
public sealed record WatchRunPlan(WatchSpec Spec, string OwnerId, Actor? Owner, string? Problem);

/// <summary>
/// The watches' run plans as last read, so that a watch every few seconds does not read its row and its owner at every
/// run. A plan is forgotten the moment it may be wrong: when its watch is redefined (<see cref="WatchEvents.Redefined"/>,
/// from any instance) or its owner's access changes (<see cref="IAccessChangeFeed"/>: disabled, role, sign-out, from any
/// instance), so a demoted owner's watch stops at its next run as before; and after <see cref="Lifetime"/> in any case,
/// should a message between instances be lost.
/// </summary>
public sealed class WatchRunPlans : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (WatchRunPlan Plan, long ReadAt)> _plans = new(StringComparer.Ordinal);
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly WatchEvents _events;
    private readonly IDisposable _accessSubscription;
    private long _generation;

    public WatchRunPlans(IServiceScopeFactory scopes, TimeProvider time, WatchEvents events, IAccessChangeFeed access)
    {
        (_scopes, _time, _events) = (scopes, time, events);
        events.Redefined += Forget;
        _accessSubscription = access.Subscribe(change => Forget(change.UserId));
    }

    /// <summary>The watch's plan, or null when the watch is gone.</summary>
    public async Task<WatchRunPlan?> GetAsync(string watchId, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (_plans.TryGetValue(watchId, out var kept) && _time.GetElapsedTime(kept.ReadAt, now) < Lifetime)
        {
            return kept.Plan;
        }

        // A change heard while the row is read may be older or newer than what was read: keep the plan only if none was.
        var generation = Interlocked.Read(ref _generation);
        var plan = await ReadAsync(watchId, cancellationToken);
        if (plan is null)
        {
            _plans.TryRemove(watchId, out _);
        }
        else if (Interlocked.Read(ref _generation) == generation)
        {
            _plans[watchId] = (plan, now);
        }

        return plan;
    }

    public void Dispose()
    {
        _events.Redefined -= Forget;
        _accessSubscription.Dispose();
    }

    private void Forget(IReadOnlyCollection<string> watchIds)
    {
        Interlocked.Increment(ref _generation);
        foreach (var id in watchIds)
        {
            _plans.TryRemove(id, out _);
        }
    }

    private void Forget(string userId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (id, kept) in _plans)
        {
            if (kept.Plan.OwnerId == userId)
            {
                _plans.TryRemove(id, out _);
            }
        }
    }

    private async Task<WatchRunPlan?> ReadAsync(string watchId, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        // One query for the watch and its owner as stored now (a left join: an owner who is gone reads as null).
        var row = await (from w in db.Watches.AsNoTracking()
                         where w.Id == watchId
                         join u in db.Users.AsNoTracking() on w.OwnerId equals u.Id into owners
                         from u in owners.DefaultIfEmpty()
                         select new { Watch = w, Owner = u == null ? null : new { u.Id, u.UserName, u.Role, u.Disabled } }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var (watch, owner) = (row.Watch, row.Owner);
        var spec = WatchRecords.SpecOf(watch);
        if (owner is null || owner.Disabled)
        {
            return new(spec, watch.OwnerId, null, $"not run: its owner {watch.OwnerName}'s account is disabled or gone; an Admin may pause or delete it");
        }

        if (owner.Role < Role.Operator)
        {
            return new(spec, watch.OwnerId, null,
                $"not run: its owner {watch.OwnerName} is now {owner.Role.WithArticle()}; watches run with their owner's powers (Operator or Admin)");
        }

        return new(spec, watch.OwnerId, new Actor(owner.Id, owner.UserName ?? watch.OwnerName, owner.Role, null, Door.Watch), null);
    }
}
