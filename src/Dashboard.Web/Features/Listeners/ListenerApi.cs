using Dashboard.Contracts.Listeners;
using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.Listeners;

public static class ListenerApi
{
    /// <summary>Listeners over REST: open (201), list, one, events after a sequence number, close.</summary>
    public static RouteGroupBuilder MapListenerApi(this RouteGroupBuilder api)
    {
        var listeners = api.MapGroup("/listeners").WithTags("Listeners");

        listeners.MapPost("/", async (Actor actor, HttpContext http, ListenerService service, CancellationToken cancellationToken) =>
            {
                var info = await service.OpenAsync(actor, await WireJson.ReadAsync<ListenerRequest>(http.Request, cancellationToken), cancellationToken);
                return TypedResults.Created($"/api/listeners/{info.Id}", info);
            })
            .WithName("CreateListener")
            .WithSummary("Open a TCP or UDP listener")
            .WithDescription("Binds bindAddress:port (port 0 picks a free one) for ttlSeconds; what arrives is kept as events, readable at /api/listeners/{id}/events or live through the hub's WatchListener.")
            .Accepts<ListenerRequest>("application/json")
            .Produces<ListenerInfo>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        listeners.MapGet("/", (Actor actor, ListenerService service) => TypedResults.Ok(service.List(actor)))
            .WithName("ListListeners")
            .WithSummary("Open and recently stopped listeners, newest first");

        listeners.MapGet("/{listenerId}", (string listenerId, Actor actor, ListenerService service) =>
                TypedResults.Ok(service.Get(actor, listenerId)))
            .WithName("GetListener")
            .WithSummary("One listener and its counters")
            .Produces<ListenerInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        listeners.MapGet("/{listenerId}/events", (string listenerId, long? after, Actor actor, ListenerService service) =>
                TypedResults.Ok(service.EventsAfter(actor, listenerId, after ?? 0)))
            .WithName("GetListenerEvents")
            .WithSummary("A listener's kept events after a sequence number")
            .WithDescription("Oldest first, at most 1000 per call: pass the last seq you have as after to read on. A gap in seq means events fell out of the kept history (the counters still count them).")
            .Produces<IReadOnlyList<ListenerEvent>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        listeners.MapPost("/{listenerId}/send", async (string listenerId, Actor actor, HttpContext http, ListenerService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.SendAsync(actor, listenerId,
                    await WireJson.ReadAsync<ListenerSendRequest>(http.Request, cancellationToken), cancellationToken)))
            .WithName("SendThroughListener")
            .WithSummary("Send bytes into a listener's TCP connection, or a datagram to a UDP source it heard from (its owner or an Admin)")
            .WithDescription("Body { connectionId (tcp) | peer (udp, ip:port), payload, encoding? (text, hex, base64) }. A UDP send is held to the listener's reply rules: the policy, the reply rate and size bound. Returns the sent event.")
            .Accepts<ListenerSendRequest>("application/json")
            .Produces<ListenerEvent>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        listeners.MapDelete("/{listenerId}", async (string listenerId, Actor actor, ListenerService service) =>
                TypedResults.Ok(await service.CloseAsync(actor, listenerId)))
            .WithName("CloseListener")
            .WithSummary("Close a listener (its owner or an Admin)")
            .Produces<ListenerInfo>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
