using Dashboard.Contracts.Trace;
using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.Trace;

public static class TraceApi
{
    /// <summary><c>POST /api/trace</c>: one trace to a port, answered whole.</summary>
    public static RouteGroupBuilder MapTraceApi(this RouteGroupBuilder api)
    {
        api.MapPost("/trace", async (Actor actor, HttpContext http, TraceService traces, CancellationToken cancellationToken) =>
                TypedResults.Ok(await traces.TraceAsync(actor, await WireJson.ReadAsync<TraceRequest>(http.Request, cancellationToken), null,
                    cancellationToken)))
            .WithName("Trace")
            .WithTags("Trace")
            .WithSummary("Trace to a TCP port: where on the path the SYN dies")
            .WithDescription("Connects with TTL (hop limit) 1, 2, 3…, reading each hop's ICMP answer from the socket's error queue (no privilege, Linux), " +
                "until the target answers, a hop refuses, or nothing answers beyond a hop. The verdict names the place. Live hops: the hub's Trace stream.")
            .Accepts<TraceRequest>("application/json")
            .Produces<TraceResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }
}
