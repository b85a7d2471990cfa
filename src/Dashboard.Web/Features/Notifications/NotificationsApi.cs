using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.Notifications;

public static class NotificationsApi
{
    /// <summary>
    /// <c>/api/notifications</c>: channels (CRUD and <c>/test</c>) and maintenance windows, Admins only. Every error
    /// is problem details; a destination the target policy denies is a 400 naming the field.
    /// </summary>
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("Notifications");

        group.MapGet("", (Actor actor, NotificationService notifications, CancellationToken cancellationToken) =>
                notifications.OverviewAsync(actor, cancellationToken))
            .WithName("GetNotifications")
            .WithSummary("Channels with their counters, maintenance windows and the delivery queue (Admins)")
            .WithDescription("Secrets are masked: a URL as scheme://host/…last4, an HMAC secret or ntfy topic as …last4, a token or password as set or not.")
            .Produces<NotificationsOverview>()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/channels/{id}", (string id, Actor actor, NotificationService notifications, CancellationToken cancellationToken) =>
                notifications.GetChannelAsync(actor, id, cancellationToken))
            .WithName("GetNotificationChannel")
            .WithSummary("One channel, secrets masked (Admins)")
            .Produces<ChannelView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/channels", async (Actor actor, HttpContext http, NotificationService notifications, CancellationToken cancellationToken) =>
            {
                var created = await notifications.CreateChannelAsync(actor, await WireJson.ReadAsync<ChannelRequest>(http.Request, cancellationToken), cancellationToken);
                return TypedResults.Created($"/api/notifications/channels/{created.Channel.Id}", created);
            })
            .Accepts<ChannelRequest>("application/json")
            .WithName("CreateNotificationChannel")
            .WithSummary("Adds a channel: webhook, slack, ntfy or email (Admins)")
            .WithDescription("Its destination is resolved and checked against the target policy now and at every delivery; a denied one is refused naming the field. " +
                             "A webhook's HMAC secret (generated when left empty) is in this answer only. Audited as channel.create.")
            .Produces<ChannelCreated>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPut("/channels/{id}", async (string id, Actor actor, HttpContext http, NotificationService notifications, CancellationToken cancellationToken) =>
                TypedResults.Ok(await notifications.UpdateChannelAsync(actor, id, await WireJson.ReadAsync<ChannelRequest>(http.Request, cancellationToken),
                    cancellationToken)))
            .Accepts<ChannelRequest>("application/json")
            .WithName("UpdateNotificationChannel")
            .WithSummary("Changes a channel; a secret left out keeps the stored one (Admins)")
            .WithDescription("The Admin who saves it becomes its owner: deliveries are checked against the policy for them. Audited as channel.update.")
            .Produces<ChannelView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/channels/{id}", async (string id, Actor actor, NotificationService notifications, CancellationToken cancellationToken) =>
            {
                await notifications.DeleteChannelAsync(actor, id, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("DeleteNotificationChannel")
            .WithSummary("Deletes a channel (Admins)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/channels/{id}/test", (string id, Actor actor, NotificationService notifications, CancellationToken cancellationToken) =>
                notifications.TestChannelAsync(actor, id, cancellationToken))
            .WithName("TestNotificationChannel")
            .WithSummary("Sends a test notice now and answers ok or the error in words (Admins)")
            .WithDescription("The same path as an alert: policy check, retries, the channel's counters. Audited as channel.test.")
            .Produces<DeliveryResult>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/maintenance", async (Actor actor, HttpContext http, NotificationService notifications, CancellationToken cancellationToken) =>
            {
                var window = await notifications.CreateWindowAsync(actor, await WireJson.ReadAsync<MaintenanceWindowRequest>(http.Request, cancellationToken),
                    cancellationToken);
                return TypedResults.Created($"/api/notifications/maintenance/{window.Id}", window);
            })
            .Accepts<MaintenanceWindowRequest>("application/json")
            .WithName("CreateMaintenanceWindow")
            .WithSummary("Mutes the alerts of a group, or of every group, from startsAt to endsAt (Admins)")
            .WithDescription("While a window covers an alert's group, nothing is queued and the incident records 'muted: <reason>'. Audited as maintenance.create.")
            .Produces<MaintenanceWindowView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapDelete("/maintenance/{id}", async (string id, Actor actor, NotificationService notifications, CancellationToken cancellationToken) =>
            {
                await notifications.DeleteWindowAsync(actor, id, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("DeleteMaintenanceWindow")
            .WithSummary("Deletes a maintenance window (Admins)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
