using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Persistence;

/// <summary>
/// Applies the provider's migrations when the app starts, before the server takes requests. It migrates while the
/// host is starting, before any hosted service starts (data protection's key ring, the history's recovery, scale-out's
/// leases read tables): no service depends on being registered after this one.
/// </summary>
internal sealed class DatabaseMigrator(IServiceScopeFactory scopes, ILogger<DatabaseMigrator> logger) : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(cancellationToken);
            DatabaseLog.Migrated(logger, db.Database.ProviderName ?? "?", pending.Count, pending[^1]);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class DatabaseLog
{
    [LoggerMessage(EventId = 4001, EventName = "DatabaseMigrated", Level = LogLevel.Information,
        Message = "Database ({Provider}) migrated: {Count} migrations applied, now at {Latest}")]
    public static partial void Migrated(ILogger logger, string provider, int count, string latest);
}
