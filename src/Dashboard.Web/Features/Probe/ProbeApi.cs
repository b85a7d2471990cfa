using Dashboard.Contracts.Probe;
using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.Probe;

public static class ProbeApi
{
    /// <summary><c>POST /api/probe</c>: one TCP connect probe.</summary>
    public static RouteGroupBuilder MapProbeApi(this RouteGroupBuilder api)
    {
        api.MapPost("/probe", async (Actor actor, HttpContext http, ProbeService probes, CancellationToken cancellationToken) =>
                TypedResults.Ok(await probes.ProbeAsync(actor, await WireJson.ReadAsync<ProbeRequest>(http.Request, cancellationToken),
                    cancellationToken)))
            .WithName("Probe")
            .WithTags("Probe")
            .WithSummary("Probe one TCP port")
            .WithDescription("Connects from the dashboard to host:port with connect_ex semantics and reports the state, the native error code and its name, the round trip and both endpoints.")
            .Accepts<ProbeRequest>("application/json")
            .Produces<ProbeResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }
}
