using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Watches;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.Notifications;

/// <summary>
/// The watches' alerts, routed to the channels an Admin configured: muted while a maintenance window covers the
/// watch's group, else queued for every enabled channel whose groups and events match. It only reads and queues.
/// </summary>
public sealed class ChannelAlerts(IServiceScopeFactory scopes, PendingDeliveries queue, AuditQueue audit, TimeProvider time, ILogger<ChannelAlerts> logger)
    : IWatchAlerts
{
    public async ValueTask<IReadOnlyList<string>> RaiseAsync(WatchAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windows = await db.MaintenanceWindows.AsNoTracking().Where(w => w.StartsAtMs <= now && w.EndsAtMs > now).ToListAsync(cancellationToken);
        if (windows.FirstOrDefault(w => w.Group.Length == 0 || string.Equals(w.Group, alert.Group, StringComparison.OrdinalIgnoreCase)) is { } muting)
        {
            return [$"muted: {muting.Reason}"];
        }

        var notice = Notice.Of(alert);
        var channels = await db.NotificationChannels.AsNoTracking().Where(c => c.Enabled).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name, c.Groups, c.Events }).ToListAsync(cancellationToken);
        var told = new List<string>();
        foreach (var channel in channels.Where(c => Routes(c.Groups, alert.Group) && Split(c.Events).Contains(notice.Event)))
        {
            if (await queue.TryEnqueueAsync(new QueuedNotice(channel.Id, channel.Name, notice), cancellationToken))
            {
                told.Add(channel.Name);
                continue;
            }

            NotificationLog.Dropped(logger, notice.Event, channel.Name, queue.Capacity, queue.Dropped);
            audit.Append(new AuditEntry
            {
                AtMs = now,
                ActorName = "notifications",
                Action = AuditActions.NotifyDropped,
                Target = channel.Name,
                Outcome = AuditOutcome.Failed,
                Detail = $"{notice.Event} of {alert.WatchName} from {alert.Vantage} not delivered: the delivery queue is full ({queue.Capacity})",
            });
        }

        return told;
    }

    private static bool Routes(string groups, string group) =>
        groups.Length == 0 || Split(groups).Contains(group, StringComparer.OrdinalIgnoreCase);

    internal static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
