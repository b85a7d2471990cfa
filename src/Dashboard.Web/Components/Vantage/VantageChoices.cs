using System.Collections.Concurrent;
using System.Data.Common;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Components.Vantage;

/// <summary>
/// Each user's last chosen vantage point, so every page opens on it: stored per user in the database
/// (<see cref="VantageChoiceRow"/>), so it survives a restart, follows the user to another browser and is
/// the same through every dashboard of a scaled-out set. Without a database (component tests) it is kept
/// in this process, for at most <see cref="MaxUsers"/> users.
/// </summary>
public sealed class VantageChoices(IServiceScopeFactory scopes, TimeProvider time, ILogger<VantageChoices> logger)
{
    public const int MaxUsers = 10_000;

    private readonly ConcurrentDictionary<string, string> _inProcess = new(StringComparer.Ordinal);

    /// <summary>The user's choice; "" (this server) when none is stored or the database cannot be read.</summary>
    public async Task<string> GetAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<DashboardDb>() is not { } db)
        {
            return _inProcess.GetValueOrDefault(userId, "");
        }

        try
        {
            return await db.Set<VantageChoiceRow>().AsNoTracking().Where(c => c.UserId == userId).Select(c => c.From)
                .FirstOrDefaultAsync(cancellationToken) ?? "";
        }
        catch (DbException e)
        {
            VantageLog.ChoiceNotRead(logger, e.GetType().Name);
            return "";
        }
    }

    /// <summary>Stores the user's choice. Remembering is a convenience: a failure is logged, never shown.</summary>
    public async Task SetAsync(string userId, string from, CancellationToken cancellationToken)
    {
        if (from.Length > VantageChoiceRow.MaxFromLength)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<DashboardDb>() is not { } db)
        {
            if (_inProcess.Count < MaxUsers || _inProcess.ContainsKey(userId))
            {
                _inProcess[userId] = from;
            }

            return;
        }

        var now = time.GetUtcNow();
        try
        {
            // Two tabs may choose at once: update first, insert when there is no row, update again if the other insert won.
            if (await UpdateAsync(db, userId, from, now, cancellationToken) == 0)
            {
                db.Add(new VantageChoiceRow { UserId = userId, From = from, ChangedAt = now });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                    await UpdateAsync(db, userId, from, now, cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is DbUpdateException or DbException)
        {
            VantageLog.ChoiceNotStored(logger, e.GetType().Name);
        }
    }

    private static Task<int> UpdateAsync(DashboardDb db, string userId, string from, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Set<VantageChoiceRow>().Where(c => c.UserId == userId)
            .ExecuteUpdateAsync(c => c.SetProperty(r => r.From, from).SetProperty(r => r.ChangedAt, now), cancellationToken);
}

internal static partial class VantageLog
{
    [LoggerMessage(EventId = 7101, EventName = "VantageChoiceNotStored", Level = LogLevel.Warning, Message = "A user's vantage point choice was not stored ({Error})")]
    public static partial void ChoiceNotStored(ILogger logger, string error);

    [LoggerMessage(EventId = 7102, EventName = "VantageChoiceNotRead", Level = LogLevel.Warning, Message = "A user's vantage point choice could not be read ({Error}); the page opens on this server")]
    public static partial void ChoiceNotRead(ILogger logger, string error);
}
