using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Watches.Storage;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.Watches.Runs;

/// <summary>
/// One run of a stored watch: the watch and its owner read now (a role taken away, an account disabled: the run sends
/// nothing and says why), the check at every vantage point at once, the results stored through <see cref="WatchRecorder"/>.
/// </summary>
public sealed class WatchRunner(IServiceScopeFactory scopes, WatchChecks checks, WatchRecorder recorder, TimeProvider time, ILogger<WatchRunner> logger)
{
    public async Task RunAsync(string watchId, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        try
        {
            var (spec, owner, problem) = await ReadAsync(watchId, cancellationToken);
            if (spec is null)
            {
                return;
            }

            var outcomes = problem is not null
                ? spec.From!.Select(from => WatchOutcome.Failed(from, from.Length == 0 ? "this server" : from, "stopped", problem)).ToList()
                : [.. await Task.WhenAll(spec.From!.Select(from => checks.RunAsync(spec, owner!, from, cancellationToken)))];
            await recorder.RecordAsync(new PendingRun(watchId, spec, due, started, outcomes), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            WatchLog.RunFailed(logger, watchId, e);
        }
    }

    /// <summary>The stored spec and the owner as an actor with the role stored now, or why the owner cannot run it.</summary>
    private async Task<(WatchSpec? Spec, Actor? Owner, string? Problem)> ReadAsync(string watchId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        // One query for the watch and its owner as stored now (a left join: an owner who is gone reads as null).
        var row = await (from w in db.Watches.AsNoTracking()
                         where w.Id == watchId
                         join u in db.Users.AsNoTracking() on w.OwnerId equals u.Id into owners
                         from u in owners.DefaultIfEmpty()
                         select new { Watch = w, Owner = u == null ? null : new { u.Id, u.UserName, u.Role, u.Disabled } }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return (null, null, null);
        }

        var (watch, owner) = (row.Watch, row.Owner);
        var spec = WatchRecords.SpecOf(watch);
        if (owner is null || owner.Disabled)
        {
            return (spec, null, $"not run: its owner {watch.OwnerName}'s account is disabled or gone; an Admin may pause or delete it");
        }

        if (owner.Role < Role.Operator)
        {
            return (spec, null, $"not run: its owner {watch.OwnerName} is now {owner.Role.WithArticle()}; watches run with their owner's powers (Operator or Admin)");
        }

        return (spec, new Actor(owner.Id, owner.UserName ?? watch.OwnerName, owner.Role, null, Door.Watch), null);
    }
}
