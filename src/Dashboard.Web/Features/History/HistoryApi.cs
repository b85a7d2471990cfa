using Dashboard.Contracts.History;
using Dashboard.Web.Access;

namespace Dashboard.Web.Features.History;

public static class HistoryApi
{
    /// <summary><c>GET /api/history</c>, <c>GET /api/history/{id}</c> and <c>GET /api/scans/compare</c>: everyone signed in.</summary>
    public static RouteGroupBuilder MapHistoryApi(this RouteGroupBuilder api)
    {
        api.MapGet("/history", (string? kind, string? user, string? state, string? from, string? to, string? q, int? page, int? pageSize,
                    Actor actor, HistoryService history, CancellationToken cancellationToken) =>
                history.SearchAsync(actor, HistoryQuery.Parse(kind, user, state, from, to, q), page ?? 1, pageSize ?? 50,
                    cancellationToken))
            .WithName("GetHistory")
            .WithTags("History")
            .WithSummary("Probes, scans, UDP sends and listener sessions, newest first, a page at a time")
            .WithDescription("kind= probe, scan, udp, listener; user= the owner's name; state= a state's wire name (open, completed, interrupted, replied, stopped...); " +
                             "from= and to= ISO 8601 (a bare date in to includes the day); q= text in the target (host, port, targets) or an id; " +
                             "page from 1; pageSize 1-500 (default 50).")
            .Produces<HistoryPage>()
            .ProducesValidationProblem();

        api.MapGet("/history/{id}", (string id, Actor actor, HistoryService history, CancellationToken cancellationToken) =>
                history.GetAsync(actor, id, cancellationToken))
            .WithName("GetHistoryItem")
            .WithTags("History")
            .WithSummary("One item: its request and its result (a probe's or UDP send's result, a scan's status, a listener's info)")
            .Produces<HistoryRecord>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/history/{id}/rerun", async (string id, Actor actor, HistoryService history, CancellationToken cancellationToken) =>
                TypedResults.Ok(new RerunAnswer(await history.RerunAsync(actor, id, cancellationToken))))
            .WithName("RerunHistoryItem")
            .WithTags("History")
            .WithSummary("Run an item again as it was asked (Operators): a new probe, UDP send, scan or listener, through its own rules")
            .Produces<RerunAnswer>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/scans/compare", (string? a, string? b, Actor actor, HistoryService history) =>
                TypedResults.Ok(history.Compare(actor, a, b)))
            .WithName("CompareScans")
            .WithTags("Scans")
            .WithSummary("What changed between two scans (like nmap's ndiff): hosts that went up or down, ports whose state changed")
            .WithDescription("a= the earlier scan's id, b= the later one's; running, recent or stored scans alike, once both have ended.")
            .Produces<ScanComparison>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/scans/compare.csv", (string? a, string? b, Actor actor, HistoryService history) =>
                history.Compare(actor, a, b) is var diff
                    ? Results.File(System.Text.Encoding.UTF8.GetBytes(CompareCsv.Of(diff)), "text/csv; charset=utf-8", $"compare-{diff.A}-{diff.B}.csv")
                    : Results.NotFound())
            .WithName("CompareScansCsv")
            .WithTags("Scans")
            .WithSummary("What changed between two scans, one row per changed port: address,port,service,before,after")
            .WithDescription("a= the earlier scan's id, b= the later one's. The same rules and bounds as the comparison.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }
}

/// <summary>The new item's page, relative: <c>scan/{id}</c>, <c>probe/{id}</c>, ...</summary>
public sealed record RerunAnswer(string Link);
