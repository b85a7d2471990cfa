using Dashboard.Contracts.Identify;
using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.Identify;

public static class IdentifyApi
{
    /// <summary><c>POST /api/identify</c>: one port; <c>POST /api/identify/batch</c> and <c>/api/identify/scan/{scanId}</c>: many, streamed.</summary>
    public static RouteGroupBuilder MapIdentifyApi(this RouteGroupBuilder api)
    {
        api.MapPost("/identify", async (Actor actor, HttpContext http, IdentifyService identify, CancellationToken cancellationToken) =>
                TypedResults.Ok(await identify.IdentifyAsync(actor, await WireJson.ReadAsync<IdentifyRequest>(http.Request, cancellationToken), cancellationToken)))
            .WithName("IdentifyService")
            .WithTags("Identify")
            .WithSummary("Identify what answers on one TCP port")
            .WithDescription("Connects and reads what the server says first; if it is silent, sends safe probes (HTTP HEAD, a TLS ClientHello, Redis PING, " +
                "PostgreSQL SSLRequest) one at a time. Answers the service as nmap names it, the product and version it announces, how that was learned, and the bytes seen.")
            .Accepts<IdentifyRequest>("application/json")
            .Produces<IdentifyResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/identify/batch", async (Actor actor, HttpContext http, IdentifyBatches batches, CancellationToken cancellationToken) =>
                TypedResults.Ok(await batches.ListAsync(actor, await WireJson.ReadAsync<IdentifyBatchRequest>(http.Request, cancellationToken), cancellationToken)))
            .WithName("IdentifyServices")
            .WithTags("Identify")
            .WithSummary("Identify the services on a list of host:port")
            .WithDescription("Identifies each target as POST /api/identify does, concurrency at a time; the JSON array streams as each port is done.")
            .Accepts<IdentifyBatchRequest>("application/json")
            .Produces<IdentifyResult[]>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/identify/scan/{scanId}", async (string scanId, Actor actor, HttpContext http, IdentifyBatches batches, CancellationToken cancellationToken) =>
                TypedResults.Ok(await batches.ScanAsync(actor, scanId,
                    http.Request.ContentLength is null or 0 ? null : await WireJson.ReadAsync<IdentifyBatchRequest>(http.Request, cancellationToken), cancellationToken)))
            .WithName("IdentifyScanServices")
            .WithTags("Identify")
            .WithSummary("Identify the services on the open ports of a finished scan")
            .WithDescription("From where the scan ran; the body (timeoutMs, concurrency) is optional and its targets are ignored. The JSON array streams as each port is done.")
            .Accepts<IdentifyBatchRequest>("application/json")
            .Produces<IdentifyResult[]>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }
}
