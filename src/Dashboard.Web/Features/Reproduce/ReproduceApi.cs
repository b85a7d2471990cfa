using Dashboard.Contracts.Reproduce;
using Dashboard.Web.Access;

namespace Dashboard.Web.Features.Reproduce;

public static class ReproduceApi
{
    /// <summary><c>GET /api/history/{id}/commands</c>: everyone signed in, as the item itself.</summary>
    public static RouteGroupBuilder MapReproduceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/history/{id}/commands", async (string id, HttpContext http, Actor actor, ReproduceService reproduce, CancellationToken cancellationToken) =>
                TypedResults.Ok(await reproduce.ForHistoryAsync(actor, id, http.Request.Host.Host, cancellationToken)))
            .WithName("GetHistoryItemCommands")
            .WithTags("History")
            .WithSummary("Commands that ask a stored item's question by hand (nmap, nc, ncat, python3, PowerShell), and where to run them")
            .WithDescription("For a probe, UDP send, scan or listener. Every host and payload in a line is quoted for its shell (posix or powershell); " +
                             "the vantage point that made the item is in where. Other kinds answer 409.")
            .Produces<ReproduceCommands>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }
}
