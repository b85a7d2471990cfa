using System.Runtime.CompilerServices;
using Dashboard.Web.Access;
using Dashboard.Web.Errors;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.Audit;

/// <summary>The read side of the audit trail, for Admins only: pages of it for the page and the API, all of it for the CSV export.</summary>
public sealed class AuditService(IServiceScopeFactory scopes, AuditQueue log)
{
    public const int MaxPageSize = 500;

    // How long a read waits for rows still queued, so what was just done shows; the writer is never far behind.
    private static readonly TimeSpan FlushWait = TimeSpan.FromSeconds(2);

    /// <summary>Rows lost since the server started.</summary>
    public long Dropped => log.Dropped;

    /// <exception cref="RequestRefusedException">Not an Admin, or a page out of bounds.</exception>
    public async Task<AuditPage> SearchAsync(Actor actor, AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        actor.Require(Role.Admin, "reading the audit trail");
        PageBounds.Check(page, pageSize, MaxPageSize);

        await CatchUpAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var query = Select(scope.ServiceProvider.GetRequiredService<DashboardDb>(), filter);
        var total = await query.LongCountAsync(cancellationToken);
        var rows = await Newest(query).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new AuditPage([.. rows.Select(AuditRecord.From)], total, page, pageSize, log.Dropped);
    }

    /// <summary>Every matching row, newest first, streamed from the database (the CSV export).</summary>
    /// <exception cref="RequestRefusedException">Not an Admin: thrown here, before anything is streamed.</exception>
    public IAsyncEnumerable<AuditEntry> ExportAsync(Actor actor, AuditFilter filter, CancellationToken cancellationToken)
    {
        actor.Require(Role.Admin, "exporting the audit trail");
        return StreamAsync(filter, cancellationToken);
    }

    private async IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await CatchUpAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        await foreach (var entry in Newest(Select(db, filter)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await log.FlushAsync(cancellationToken).WaitAsync(FlushWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            // A slow database: show what is written.
        }
    }

    private static IQueryable<AuditEntry> Select(DashboardDb db, AuditFilter filter) =>
        db.AuditEntries.AsNoTracking()
            .WhereGiven(filter.User, user => e => e.ActorName == user)
            .WhereGiven(filter.Action, action => e => e.Action == action)
            .WhereGiven(filter.Outcome, outcome => e => e.Outcome == outcome)
            .WhereWithin(filter.From, filter.To, e => e.AtMs);

    private static IQueryable<AuditEntry> Newest(IQueryable<AuditEntry> query) => query.OrderByDescending(e => e.AtMs).ThenByDescending(e => e.Id);
}
