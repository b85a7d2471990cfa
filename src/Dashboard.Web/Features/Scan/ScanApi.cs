using Dashboard.Contracts.Scan;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Scan.Export;
using Dashboard.Web.Hosting;
using Dashboard.Web.Hosting.OpenApi;

namespace Dashboard.Web.Features.Scan;

public static class ScanApi
{
    private static readonly string[] ExportMediaTypes = [.. ScanExport.ContentTypes.Values.Select(t => t.Split(';')[0])];

    /// <summary>Scans over REST: start (202 + Location), list, status, results by page, exports, cancel.</summary>
    public static RouteGroupBuilder MapScanApi(this RouteGroupBuilder api)
    {
        var scans = api.MapGroup("/scans").WithTags("Scans");

        scans.MapPost("/", async (Actor actor, HttpContext http, ScanService service, CancellationToken cancellationToken) =>
            {
                var job = await service.StartAsync(actor, await WireJson.ReadAsync<ScanRequest>(http.Request, cancellationToken),
                    cancellationToken);
                return TypedResults.Accepted($"/api/scans/{job.Id}", ScanService.StatusOf(job));
            })
            .WithName("StartScan")
            .WithSummary("Start a scan")
            .WithDescription("Plans the scan (every name resolved, every bound checked) and starts it; it runs on after the response. Follow it at the Location, or live through the hub's WatchScan.")
            .Accepts<ScanRequest>("application/json")
            .Produces<ScanStatus>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        scans.MapGet("/", (Actor actor, ScanService service) =>
                TypedResults.Ok(service.List(actor).Select(ScanService.StatusOf).ToList()))
            .WithName("ListScans")
            .WithSummary("Running and recent scans, newest first");

        scans.MapGet("/{scanId}", (string scanId, Actor actor, ScanService service) =>
                TypedResults.Ok(service.Status(actor, scanId)))
            .WithName("GetScan")
            .WithSummary("A scan's state and counts")
            .Produces<ScanStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        scans.MapGet("/{scanId}/results", (string scanId, string? state, int? page, int? pageSize, string? order, Actor actor, ScanService service) =>
                TypedResults.Ok(service.Results(actor, scanId, ScanService.ParseStates(state), page ?? 1, pageSize ?? 1_000,
                    ScanService.ParseOrder(order))))
            .WithName("GetScanResults")
            .WithSummary("A scan's results, a page at a time")
            .WithDescription("order=port (default: by host, in numeric order, then port, as nmap lists them; while the scan runs, pages move as results arrive) " +
                             "or order=arrival (the order they came in: pages of a running scan stay put). state=open,filtered keeps those states; " +
                             "page from 1; pageSize 1-10000 (default 1000).")
            .Produces<ScanResultsPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        scans.MapGet("/{scanId}/results.{format}", (string scanId, string format, string? states, string? state, Actor actor, HttpContext http, ScanService service,
                History.HeavyReads reads) =>
            {
                if (!ScanExport.ContentTypes.TryGetValue(format, out var contentType))
                {
                    throw new InvalidRequestException($"format must be csv, json, gnmap or xml, got '{format}'");
                }

                var selected = ScanService.ParseStates(states ?? state, states is null ? "state" : "states");
                // Held from before a stored scan is decoded until the last byte is written (or the client goes).
                var lease = reads.Enter(actor, $"exporting scan {scanId}");
                http.Response.RegisterForDispose(lease);
                var job = service.Get(actor, scanId);
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"scan-{job.Id}.{format}\"";
                return Results.Stream(async body =>
                {
                    using (lease)
                    {
                        await ScanExport.WriteAsync(format, job, selected, body, http.RequestAborted);
                    }
                }, contentType);
            })
            .WithName("ExportScan")
            .Produces<string>(StatusCodes.Status200OK, ExportMediaTypes[0], ExportMediaTypes[1..])
            .ProducesHeader(StatusCodes.Status200OK, "Content-Disposition", "attachment; filename=\"scan-{scanId}.{format}\"")
            .WithSummary("A scan's results as a file: csv, json, gnmap (nmap -oG) or xml (nmap -oX)")
            .WithDescription("state=open,filtered keeps those states. gnmap and xml sum a host's ports of a state past 25 (never open) as nmap does: Ignored State, <extraports>. " +
                             "Comparisons and exports run at most Dashboard:HeavyReads:PerUser (2) at once per user and PerServer (4) in all: past that, 429 with Retry-After.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        scans.MapDelete("/{scanId}", async (string scanId, Actor actor, ScanService service, CancellationToken cancellationToken) =>
            {
                var job = service.Cancel(actor, scanId);
                // The answer shows the scan cancelled: its sockets close within moments of the request.
                await job.Finished.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                return TypedResults.Ok(ScanService.StatusOf(job));
            })
            .WithName("CancelScan")
            .WithSummary("Cancel a scan (its owner or an Admin)")
            .Produces<ScanStatus>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
