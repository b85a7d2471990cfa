using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.Watches.Runs;

/// <summary>Hands a stored change to <see cref="IWatchAlerts"/> and keeps on the incident who was told.</summary>
public sealed class WatchAlertsOutbox(IWatchAlerts alerts, IServiceScopeFactory scopes, WatchMetrics metrics, ILogger<WatchAlertsOutbox> logger)
{
    public async Task RaiseAsync(WatchAlert alert, CancellationToken cancellationToken)
    {
        metrics.Alerted(alert.Kind);
        IReadOnlyList<string> told;
        try
        {
            told = await alerts.RaiseAsync(alert, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            WatchLog.AlertFailed(logger, alert.WatchId, e);
            told = [$"not queued: {e.GetType().Name}"];
        }

        var words = $"{alert.Kind.ToString().ToLowerInvariant()}: {(told.Count == 0 ? "nobody (no channel for this group)" : string.Join(", ", told))}";
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var incident = await db.WatchIncidents.FirstOrDefaultAsync(i => i.Id == alert.IncidentId, cancellationToken);
        if (incident is not null)
        {
            var notified = string.IsNullOrEmpty(incident.Notified) ? words : $"{incident.Notified}; {words}";
            incident.Notified = notified.Length <= 512 ? notified : notified[^512..];
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
