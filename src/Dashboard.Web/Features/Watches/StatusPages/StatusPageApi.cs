using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Errors;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.Watches.StatusPages;

public static class StatusPageApi
{
    /// <summary><c>/api/watches/status-pages/{group}</c>: read (everyone signed in), change and rotate (Admin).</summary>
    public static RouteGroupBuilder MapStatusPageApi(this RouteGroupBuilder api)
    {
        var pages = api.MapGroup("/watches/status-pages").WithTags("Watches");
        pages.MapGet("/{group}", async (string group, Actor actor, StatusPageService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.GetAsync(actor, group, cancellationToken)))
            .WithName("GetStatusPage")
            .WithSummary("A group's status page: whether it is public, whether it shows details, and (to Admins) its public path")
            .Produces<StatusPageView>()
            .ProducesValidationProblem();

        pages.MapPut("/{group}", async (string group, Actor actor, HttpContext http, StatusPageService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.UpdateAsync(actor, group, await WireJson.ReadAsync<StatusPageSettings>(http.Request, cancellationToken), cancellationToken)))
            .WithName("UpdateStatusPage")
            .WithSummary("Make a group's status page public (a new unguessable address) or private (the address stops at once), with or without details (Admin)")
            .Accepts<StatusPageSettings>("application/json")
            .Produces<StatusPageView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        pages.MapPost("/{group}/rotate", async (string group, Actor actor, StatusPageService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.RotateAsync(actor, group, cancellationToken)))
            .WithName("RotateStatusPage")
            .WithSummary("Give a public status page a new address; the old one answers 404 at once (Admin)")
            .Produces<StatusPageView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    /// <summary>
    /// <c>/api/public/status/{token}</c>: a public page's data (<see cref="StatusBoard"/>; 404 for a token no page has, 429
    /// past the per-address bound) for anyone, in a group of its own so that nothing of the signed-in API is said of it.
    /// </summary>
    public static IEndpointRouteBuilder MapPublicStatusApi(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/public").WithRefusalsAsProblems().AllowAnonymous();
        open.MapGet("/status/{token}", async (string token, HttpContext http, StatusPageService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.PublicBoardAsync(token, http.Connection.RemoteIpAddress, cancellationToken)))
            // Out of the OpenAPI document, whose every operation needs the bearer token: docs/api.md describes it.
            .ExcludeFromDescription();
        return app;
    }
}
