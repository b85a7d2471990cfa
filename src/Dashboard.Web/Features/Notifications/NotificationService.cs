using System.Security.Cryptography;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Notifications;

/// <summary>
/// Notification channels and maintenance windows (Admins): the one door pages and the REST API use. A channel's
/// destinations are checked against the target policy when it is saved, as they are at every delivery.
/// </summary>
public sealed partial class NotificationService(IServiceScopeFactory scopes, ChannelSecretBox box, DestinationCheck check, ChannelDelivery delivery,
    PendingDeliveries queue, AuditQueue audit, PresentAccess access, TimeProvider time, IOptions<NotificationOptions> options)
{
    /// <summary>Tells pages that a channel, a counter or a window changed.</summary>
    public event Action? Changed;

    /// <summary>Channels with their counters, windows, and the delivery queue.</summary>
    public async Task<NotificationsOverview> OverviewAsync(Actor actor, CancellationToken cancellationToken)
    {
        actor.Require(Role.Admin, "reading notification channels");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var channels = await db.NotificationChannels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        var windows = await db.MaintenanceWindows.AsNoTracking().OrderBy(w => w.StartsAtMs).ToListAsync(cancellationToken);
        return new NotificationsOverview([.. channels.Select(View)], [.. windows.Select(View)], await queue.ViewAsync(cancellationToken));
    }

    public async Task<ChannelView> GetChannelAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        actor.Require(Role.Admin, "reading a notification channel");
        await using var scope = scopes.CreateAsyncScope();
        return View(await FindAsync(scope.ServiceProvider.GetRequiredService<DashboardDb>(), id, cancellationToken));
    }

    /// <summary>Adds a channel; a webhook's generated secret is in the answer, and only there.</summary>
    /// <exception cref="RequestRefusedException">Not an Admin; a bad field or a denied destination (invalid, naming the field); a taken name; too many channels.</exception>
    public Task<ChannelCreated> CreateChannelAsync(Actor actor, ChannelRequest? request, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.ChannelCreate, request?.Name, async () =>
        {
            await access.RequireAsync(actor, Role.Admin, "adding a notification channel", cancellationToken);
            var draft = ChannelRules.Check(request, null, null, null);
            await CheckDestinationsAsync(actor, draft, cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            await RequireFreeNameAsync(db, draft.Name, null, cancellationToken);
            if (await db.NotificationChannels.CountAsync(cancellationToken) >= options.Value.MaxChannels)
            {
                throw RequestRefusedException.LimitReached(
                    $"there are {options.Value.MaxChannels} channels, the most this dashboard keeps ({NotificationOptions.Section}:MaxChannels); delete one first");
            }

            var row = new NotificationChannelRow
            {
                Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
                CreatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            Fill(row, draft, actor);
            db.NotificationChannels.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            Changed?.Invoke();
            return new ChannelCreated(View(row), draft.NewSecret ?? (draft.Kind == ChannelKinds.Webhook ? draft.Secrets.HmacSecret : null));
        }, created => $"{created.Channel.Kind} channel {created.Channel.Name} to {created.Channel.Destination}", created => created.Channel.Name);

    /// <summary>Changes a channel; a secret left out keeps the stored one. The saving Admin becomes the channel's owner.</summary>
    /// <exception cref="RequestRefusedException">As <see cref="CreateChannelAsync"/>, or no such channel.</exception>
    public Task<ChannelView> UpdateChannelAsync(Actor actor, string id, ChannelRequest? request, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.ChannelUpdate, request?.Name ?? id, async () =>
        {
            await access.RequireAsync(actor, Role.Admin, "changing a notification channel", cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            var row = await FindAsync(db, id, cancellationToken, tracked: true);
            var draft = ChannelRules.Check(request, OpenOrNothing(row), ChannelSecretBox.Plain(row.Settings), row.Kind);
            await CheckDestinationsAsync(actor, draft, cancellationToken);
            await RequireFreeNameAsync(db, draft.Name, row.Id, cancellationToken);
            Fill(row, draft, actor);
            await db.SaveChangesAsync(cancellationToken);
            Changed?.Invoke();
            return View(row);
        }, view => $"{view.Kind} channel {view.Name} to {view.Destination}, {(view.Enabled ? "enabled" : "disabled")}");

    public Task<string> DeleteChannelAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.ChannelDelete, id, async () =>
        {
            await access.RequireAsync(actor, Role.Admin, "deleting a notification channel", cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            var row = await FindAsync(db, id, cancellationToken, tracked: true);
            db.NotificationChannels.Remove(row);
            await db.SaveChangesAsync(cancellationToken);
            Changed?.Invoke();
            return row.Name;
        }, name => $"channel {name} deleted", name => name);

    /// <summary>Sends a test notice now, through the same path as an alert (policy, retries, counters); answers ok or the error in words.</summary>
    public async Task<DeliveryResult> TestChannelAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        string? name = null;
        try
        {
            await access.RequireAsync(actor, Role.Admin, "testing a notification channel", cancellationToken);
            await using (var scope = scopes.CreateAsyncScope())
            {
                name = (await FindAsync(scope.ServiceProvider.GetRequiredService<DashboardDb>(), id, cancellationToken)).Name;
            }

            var result = await delivery.DeliverAsync(id, Notice.TestOf(name, time.GetUtcNow()), cancellationToken);
            audit.Record(actor, AuditActions.ChannelTest, name, result.Ok ? AuditOutcome.Ok : AuditOutcome.Failed, result.Message);
            Changed?.Invoke();
            return result;
        }
        catch (RequestRefusedException e)
        {
            audit.Record(actor, AuditActions.ChannelTest, name ?? id, AuditOutcome.Refused, e.Message, e.Kind);
            throw;
        }
    }

    private async Task CheckDestinationsAsync(Actor actor, ChannelDraft draft, CancellationToken cancellationToken)
    {
        foreach (var (field, host, port) in draft.Destinations)
        {
            try
            {
                await check.CheckAsync(actor, host, port, cancellationToken);
            }
            catch (DestinationRefusedException e)
            {
                throw new InvalidRequestException($"{field}: {e.Message}; a channel may send only where the target policy allows");
            }
        }
    }

    private static async Task RequireFreeNameAsync(DashboardDb db, string name, string? self, CancellationToken cancellationToken)
    {
        var names = await db.NotificationChannels.AsNoTracking().Where(c => c.Id != self).Select(c => c.Name).ToListAsync(cancellationToken);
        if (names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw RequestRefusedException.Conflict($"name '{name}' is taken by another channel; choose another");
        }
    }

    private static async Task<NotificationChannelRow> FindAsync(DashboardDb db, string id, CancellationToken cancellationToken, bool tracked = false)
    {
        var channels = tracked ? db.NotificationChannels : db.NotificationChannels.AsNoTracking();
        return await channels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
               ?? throw RequestRefusedException.NotFound($"no notification channel {id}");
    }

    private void Fill(NotificationChannelRow row, ChannelDraft draft, Actor actor)
    {
        row.Name = draft.Name;
        row.Kind = draft.Kind;
        row.Groups = string.Join(',', draft.Groups);
        row.Events = string.Join(',', draft.Events);
        row.Enabled = draft.Enabled;
        row.Settings = ChannelSecretBox.PlainText(draft.Plain);
        row.Protected = box.Seal(draft.Secrets);
        row.OwnerId = actor.Id;
        row.OwnerName = actor.Name;
    }

    private ChannelSecrets? OpenOrNothing(NotificationChannelRow row)
    {
        try
        {
            return box.Open(row.Protected);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
