using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Watches.AsCode;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.Watches;

public static class WatchApi
{
    /// <summary><c>/api/watches</c>: read (everyone signed in), make and change (Operators their own, Admins any).</summary>
    public static RouteGroupBuilder MapWatchApi(this RouteGroupBuilder api)
    {
        var watches = api.MapGroup("/watches").WithTags("Watches");
        watches.MapWatchCodeApi();
        watches.MapGet("/", async (Actor actor, WatchReads reads, string? group, string? status, string? owner, string? q, CancellationToken cancellationToken) =>
                TypedResults.Ok(await reads.ListAsync(actor, new WatchFilter(group, StatusOf(status), owner, q), cancellationToken)))
            .WithName("ListWatches")
            .WithSummary("Every watch with its state at each vantage point; filter by group, status (up, down, unknown, paused), owner or text")
            .Produces<IReadOnlyList<WatchView>>()
            .ProducesValidationProblem();

        watches.MapPost("/", async (Actor actor, HttpContext http, WatchService service, CancellationToken cancellationToken) =>
            {
                var created = await service.CreateAsync(actor, await WireJson.ReadAsync<WatchSpec>(http.Request, cancellationToken), cancellationToken);
                return TypedResults.Created($"/api/watches/{created.Id}", created);
            })
            .WithName("CreateWatch")
            .WithSummary("Make a watch (Operator); it is scheduled at once")
            .Accepts<WatchSpec>("application/json")
            .Produces<WatchView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        watches.MapPost("/preview", async (Actor actor, HttpContext http, WatchService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.PreviewAsync(actor, await WireJson.ReadAsync<WatchSpec>(http.Request, cancellationToken), cancellationToken)))
            .WithName("PreviewWatch")
            .WithSummary("Run a watch once without saving it, with your own powers and probe quota (Operator)")
            .Accepts<WatchSpec>("application/json")
            .Produces<IReadOnlyList<WatchOutcome>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        watches.MapGet("/groups", async (Actor actor, WatchReads reads, CancellationToken cancellationToken) =>
                TypedResults.Ok(await reads.GroupsAsync(actor, cancellationToken)))
            .WithName("ListWatchGroups")
            .WithSummary("The groups in use")
            .Produces<IReadOnlyList<string>>();

        watches.MapGet("/incidents", async (Actor actor, WatchReads reads, bool? open, int? limit, CancellationToken cancellationToken) =>
                TypedResults.Ok(await reads.IncidentsAsync(actor, null, open == true, limit, cancellationToken)))
            .WithName("ListWatchIncidents")
            .WithSummary("Incidents of every watch, newest first (open=true: only those still open)")
            .Produces<IReadOnlyList<WatchIncidentView>>()
            .ProducesValidationProblem();

        watches.MapGet("/{id}", async (string id, Actor actor, WatchReads reads, CancellationToken cancellationToken) =>
                TypedResults.Ok(await reads.GetAsync(actor, id, cancellationToken)))
            .WithName("GetWatch")
            .WithSummary("One watch (by id or name) with its state at each vantage point and its next run")
            .Produces<WatchView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        watches.MapPut("/{id}", async (string id, Actor actor, HttpContext http, WatchService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.UpdateAsync(actor, id, await WireJson.ReadAsync<WatchSpec>(http.Request, cancellationToken), cancellationToken)))
            .WithName("UpdateWatch")
            .WithSummary("Replace a watch's spec (its owner or an Admin); its state starts again from unknown")
            .Accepts<WatchSpec>("application/json")
            .Produces<WatchView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        watches.MapDelete("/{id}", async (string id, Actor actor, WatchService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.DeleteAsync(actor, id, cancellationToken)))
            .WithName("DeleteWatch")
            .WithSummary("Delete a watch, its runs and figures (its owner or an Admin); its incidents stay until retention")
            .Produces<WatchView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        Action(watches, "/{id}/pause", "PauseWatch", "Pause a watch: kept, not run (its owner or an Admin)", (service, actor, id, ct) => service.SetPausedAsync(actor, id, true, ct));
        Action(watches, "/{id}/resume", "ResumeWatch", "Resume a paused watch (its owner or an Admin)", (service, actor, id, ct) => service.SetPausedAsync(actor, id, false, ct));
        Action(watches, "/{id}/run", "RunWatchNow", "Run a watch once now, outside its schedule (its owner or an Admin)", (service, actor, id, ct) => service.RunNowAsync(actor, id, ct));

        watches.MapGet("/{id}/runs", async (string id, Actor actor, WatchReads reads, string? vantage, int? limit, long? before, CancellationToken cancellationToken) =>
                TypedResults.Ok(await reads.RunsAsync(actor, id, vantage, limit, before, cancellationToken)))
            .WithName("ListWatchRuns")
            .WithSummary("A watch's runs, newest first (vantage: one vantage point; before: a run id, for the next page)")
            .Produces<IReadOnlyList<WatchRunView>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        watches.MapGet("/{id}/incidents", async (string id, Actor actor, WatchReads reads, int? limit, CancellationToken cancellationToken) =>
                TypedResults.Ok(await reads.IncidentsAsync(actor, id, false, limit, cancellationToken)))
            .WithName("ListIncidentsOfWatch")
            .WithSummary("A watch's incidents, newest first")
            .Produces<IReadOnlyList<WatchIncidentView>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        watches.MapGet("/{id}/uptime", async (string id, Actor actor, WatchReads reads, CancellationToken cancellationToken) =>
                TypedResults.Ok(await reads.UptimeAsync(actor, id, cancellationToken)))
            .WithName("GetWatchUptime")
            .WithSummary("Share of passing runs over 24 h, 7 d and 30 d at each vantage point")
            .Produces<IReadOnlyList<WatchUptime>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        watches.MapGet("/{id}/rtt", async (string id, Actor actor, WatchReads reads, int? hours, CancellationToken cancellationToken) =>
                TypedResults.Ok(await reads.RttAsync(actor, id, hours, cancellationToken)))
            .WithName("GetWatchRtt")
            .WithSummary("Round trips per hour at each vantage point over the last hours (1-720, default 24)")
            .Produces<IReadOnlyDictionary<string, IReadOnlyList<WatchRttPoint>>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static void Action(RouteGroupBuilder watches, string route, string name, string summary, Func<WatchService, Actor, string, CancellationToken, Task<WatchView>> act) =>
        watches.MapPost(route, async (string id, Actor actor, WatchService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await act(service, actor, id, cancellationToken)))
            .WithName(name)
            .WithSummary(summary)
            .Produces<WatchView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static WatchStatus? StatusOf(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "up" => WatchStatus.Up,
        "down" => WatchStatus.Down,
        "unknown" => WatchStatus.Unknown,
        "paused" => WatchStatus.Paused,
        _ => throw new InvalidRequestException($"status must be up, down, unknown or paused, got '{status}'"),
    };
}
