using Dashboard.Contracts.Paths;
using Dashboard.Web.Access;
using Dashboard.Web.Hosting;
using Dashboard.Web.Hosting.OpenApi;

namespace Dashboard.Web.Features.Paths;

public static class PathApi
{
    /// <summary><c>/api/paths</c>: two-ended checks and path matrices, with JUnit XML for CI.</summary>
    public static RouteGroupBuilder MapPathApi(this RouteGroupBuilder api)
    {
        var paths = api.MapGroup("/paths").WithTags("Paths");
        paths.MapPost("/check", async (Actor actor, HttpContext http, PathCheckService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.CheckAsync(actor, await WireJson.ReadAsync<PathCheckRequest>(http.Request, cancellationToken),
                    cancellationToken)))
            .WithName("CheckPath")
            .WithSummary("Two-ended path check: a listener at to, a nonce from from; arrived, source seen (NAT), payload intact, round trip")
            .Accepts<PathCheckRequest>("application/json")
            .Produces<PathCheckResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        paths.MapPost("/matrix", async (Actor actor, HttpContext http, PathCheckService service, string? format, CancellationToken cancellationToken) =>
            {
                var matrix = await service.RunMatrixAsync(actor,
                    await WireJson.ReadAsync<PathMatrixRequest>(http.Request, cancellationToken), cancellationToken);
                http.Response.Headers.Location = $"/api/paths/matrix/{matrix.Id}";
                return string.Equals(format, "junit", StringComparison.OrdinalIgnoreCase)
                    ? Results.Text(PathExport.JUnit(matrix), "application/xml")
                    : Results.Ok(matrix);
            })
            .WithName("RunPathMatrix")
            .WithSummary("Run a path matrix (rows of from, to, port, protocol, expect); ?format=junit answers JUnit XML")
            .Accepts<PathMatrixRequest>("application/json")
            .Produces<PathMatrixResult>()
            .ProducesAlso(StatusCodes.Status200OK, "application/xml")
            .ProducesHeader(StatusCodes.Status200OK, "Location", "Where the matrix is read again while it is recent")
            .ProducesValidationProblem();

        paths.MapGet("/matrix", (Actor actor, PathCheckService service) => TypedResults.Ok(service.Recent(actor)))
            .WithName("ListPathMatrices")
            .WithSummary("Recent path matrices, newest first")
            .Produces<IReadOnlyList<PathMatrixResult>>();

        paths.MapGet("/matrix/{id}", (string id, Actor actor, PathCheckService service) =>
                TypedResults.Ok(service.Matrix(actor, id)))
            .WithName("GetPathMatrix")
            .WithSummary("A recent path matrix as JSON")
            .Produces<PathMatrixResult>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        paths.MapGet("/matrix/{id}/junit.xml", (string id, Actor actor, PathCheckService service) =>
                Results.Text(PathExport.JUnit(service.Matrix(actor, id)), "application/xml"))
            .WithName("GetPathMatrixJUnit")
            .WithSummary("A recent path matrix as JUnit XML")
            .Produces<string>(contentType: "application/xml")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
