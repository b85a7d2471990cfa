using System.Security.Cryptography;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.Notifications;

/// <summary>
/// The one path every delivery takes, queued or a test: the channel read again, its owner's role re-read, the send
/// (retried inside), then the counters in the database. A final failure is logged and audited (<c>notify.failed</c>).
/// </summary>
public sealed class ChannelDelivery(IServiceScopeFactory scopes, ChannelSecretBox secrets, HttpChannelSender http, EmailChannelSender email,
    AuditQueue audit, TimeProvider time, ILogger<ChannelDelivery> logger)
{
    /// <summary>Delivers <paramref name="notice"/> to channel <paramref name="channelId"/>; ok, or the error in words.</summary>
    public async Task<DeliveryResult> DeliverAsync(string channelId, Notice notice, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var channel = await db.NotificationChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (channel is null)
        {
            return new DeliveryResult(false, "the channel was deleted before the delivery");
        }

        string? error = null;
        try
        {
            var delivery = new Delivery(channel.Name, channel.Kind, Open(channel), ChannelSecretBox.Plain(channel.Settings), notice,
                await OwnerAsync(db, channel, cancellationToken));
            await (channel.Kind == ChannelKinds.Email ? email.SendAsync(delivery, cancellationToken) : http.SendAsync(delivery, cancellationToken));
        }
        catch (DeliveryFailedException e)
        {
            error = e.Message;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (error is null)
        {
            await db.NotificationChannels.Where(c => c.Id == channelId).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Delivered, c => c.Delivered + 1)
                .SetProperty(c => c.LastDeliveredAtMs, now), cancellationToken);
            return new DeliveryResult(true, $"delivered to {channel.Name}");
        }

        var stored = error.Length <= NotificationChannelRow.MaxErrorLength ? error : error[..(NotificationChannelRow.MaxErrorLength - 1)] + "…";
        await db.NotificationChannels.Where(c => c.Id == channelId).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.Failed, c => c.Failed + 1)
            .SetProperty(c => c.LastFailedAtMs, now)
            .SetProperty(c => c.LastError, stored), cancellationToken);
        NotificationLog.Failed(logger, notice.Event, channel.Name, error);
        if (notice.Event != Notice.Test)
        {
            // The server's own act, on behalf of the channel's owner; a test is audited as the Admin's channel.test instead.
            audit.Append(new AuditEntry
            {
                AtMs = now,
                ActorId = channel.OwnerId,
                ActorName = channel.OwnerName,
                Action = AuditActions.NotifyFailed,
                Target = channel.Name,
                Outcome = AuditOutcome.Failed,
                Detail = $"{notice.Event} of {notice.Alert.WatchName} from {notice.Alert.Vantage}: {error}",
            });
        }

        return new DeliveryResult(false, error);
    }

    private ChannelSecrets Open(NotificationChannelRow channel)
    {
        try
        {
            return secrets.Open(channel.Protected);
        }
        catch (CryptographicException)
        {
            throw new DeliveryFailedException("the channel's secrets cannot be decrypted (the data-protection keys changed); an Admin must enter them again");
        }
    }

    // The destinations are checked as the Admin who saved the channel, with the role they have now: a channel stops
    // when no Admin stands behind it.
    private static async Task<Actor> OwnerAsync(DashboardDb db, NotificationChannelRow channel, CancellationToken cancellationToken)
    {
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == channel.OwnerId).Select(u => new { u.Role, u.Disabled })
            .FirstOrDefaultAsync(cancellationToken);
        if (owner is null || owner.Disabled)
        {
            throw new DeliveryFailedException($"{channel.OwnerName}, who saved this channel, is disabled or gone; an Admin must save it again");
        }

        if (owner.Role < Role.Admin)
        {
            throw new DeliveryFailedException($"{channel.OwnerName}, who saved this channel, is no longer an Admin; an Admin must save it again");
        }

        // The policy reads only the role; the door is where the channel was saved from, which is not kept.
        return new Actor(channel.OwnerId, channel.OwnerName, owner.Role, null, Door.Api);
    }
}
