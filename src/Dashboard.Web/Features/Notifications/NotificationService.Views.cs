using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.Notifications;

public sealed partial class NotificationService
{
    public const int MaxWindowDays = 366;

    /// <summary>Mutes the alerts of a group (or of every group) from start to end.</summary>
    /// <exception cref="RequestRefusedException">Not an Admin, a bad field, or too many windows.</exception>
    public Task<MaintenanceWindowView> CreateWindowAsync(Actor actor, MaintenanceWindowRequest? request, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.MaintenanceCreate, request?.Group is { Length: > 0 } g ? g : "every group", async () =>
        {
            await access.RequireAsync(actor, Role.Admin, "adding a maintenance window", cancellationToken);
            var row = CheckWindow(request, actor);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            if (await db.MaintenanceWindows.CountAsync(cancellationToken) >= options.Value.MaxMaintenanceWindows)
            {
                throw RequestRefusedException.LimitReached(
                    $"there are {options.Value.MaxMaintenanceWindows} maintenance windows, the most kept ({NotificationOptions.Section}:MaxMaintenanceWindows); delete old ones first");
            }

            db.MaintenanceWindows.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            Changed?.Invoke();
            return View(row);
        }, view => $"{view.StartsAt:u} to {view.EndsAt:u}: {view.Reason}");

    public Task<long> DeleteWindowAsync(Actor actor, string windowId, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.MaintenanceDelete, $"window {windowId}", async () =>
        {
            await access.RequireAsync(actor, Role.Admin, "deleting a maintenance window", cancellationToken);
            if (!long.TryParse(windowId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                throw RequestRefusedException.NotFound($"no maintenance window {windowId}");
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            if (await db.MaintenanceWindows.Where(w => w.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
            {
                throw RequestRefusedException.NotFound($"no maintenance window {id}");
            }

            Changed?.Invoke();
            return id;
        }, _ => "deleted");

    private MaintenanceWindowRow CheckWindow(MaintenanceWindowRequest? request, Actor actor)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { group?, startsAt, endsAt, reason }");
        }

        var group = request.Group?.Trim() ?? "";
        if (group.Length > ChannelRules.MaxGroupLength || group.Contains(',', StringComparison.Ordinal))
        {
            throw new InvalidRequestException($"group must be at most {ChannelRules.MaxGroupLength} characters without ',' (empty for every group), got '{request.Group}'");
        }

        if (request.StartsAt is not { } starts || request.EndsAt is not { } ends)
        {
            throw new InvalidRequestException("startsAt and endsAt are required (ISO 8601 with an offset, e.g. 2026-12-06T22:00:00Z)");
        }

        if (ends <= starts || ends - starts > TimeSpan.FromDays(MaxWindowDays))
        {
            throw new InvalidRequestException($"endsAt must be after startsAt and at most {MaxWindowDays} days later, got {starts:u} to {ends:u}");
        }

        if (ends <= time.GetUtcNow())
        {
            throw new InvalidRequestException($"endsAt is already past ({ends:u}); a window must end in the future");
        }

        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > MaintenanceWindowRow.MaxReasonLength || reason.Any(char.IsControl))
        {
            throw new InvalidRequestException($"reason must be 1-{MaintenanceWindowRow.MaxReasonLength} printable characters, got '{request.Reason}'");
        }

        return new MaintenanceWindowRow
        {
            Group = group, StartsAtMs = starts.ToUnixTimeMilliseconds(), EndsAtMs = ends.ToUnixTimeMilliseconds(), Reason = reason, CreatedByName = actor.Name,
        };
    }

    private ChannelView View(NotificationChannelRow row)
    {
        var secrets = OpenOrNothing(row) ?? new ChannelSecrets();
        var plain = ChannelSecretBox.Plain(row.Settings);
        var settings = row.Kind switch
        {
            ChannelKinds.Webhook => new ChannelSettingsView(Url: SecretMask.Url(secrets.Url), Secret: SecretMask.Secret(secrets.HmacSecret)),
            ChannelKinds.Slack => new ChannelSettingsView(Url: SecretMask.Url(secrets.Url)),
            ChannelKinds.Ntfy => new ChannelSettingsView(Server: SecretMask.Url(secrets.Server), Topic: SecretMask.Secret(secrets.Topic),
                TokenSet: secrets.Token is not null),
            _ => new ChannelSettingsView(Host: plain.Host, Port: plain.Port, Security: plain.Security, User: plain.User,
                PasswordSet: secrets.Password is not null, From: plain.From, To: plain.To),
        };
        var destination = row.Kind switch
        {
            ChannelKinds.Email => $"smtp {plain.Host}:{plain.Port} → {string.Join(", ", plain.To ?? [])}",
            ChannelKinds.Ntfy => settings.Server ?? "?",
            _ => settings.Url ?? "?",
        };
        return new ChannelView(row.Id, row.Name, row.Kind, ChannelAlerts.Split(row.Groups), ChannelAlerts.Split(row.Events), row.Enabled, destination, settings,
            new ChannelCounters(row.Delivered, row.Failed, row.LastError, At(row.LastDeliveredAtMs), At(row.LastFailedAtMs)),
            row.OwnerName, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAtMs));
    }

    private MaintenanceWindowView View(MaintenanceWindowRow row)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return new MaintenanceWindowView(row.Id, row.Group.Length == 0 ? null : row.Group, DateTimeOffset.FromUnixTimeMilliseconds(row.StartsAtMs),
            DateTimeOffset.FromUnixTimeMilliseconds(row.EndsAtMs), row.Reason, row.CreatedByName, row.StartsAtMs <= now && now < row.EndsAtMs);
    }

    private static DateTimeOffset? At(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
