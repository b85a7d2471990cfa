using Dashboard.Contracts.Udp;
using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.Udp;

public static class UdpApi
{
    /// <summary><c>POST /api/udp</c>: one UDP send.</summary>
    public static RouteGroupBuilder MapUdpApi(this RouteGroupBuilder api)
    {
        api.MapPost("/udp", async (Actor actor, HttpContext http, UdpService udp, CancellationToken cancellationToken) =>
                TypedResults.Ok(await udp.SendAsync(actor, await WireJson.ReadAsync<UdpSendRequest>(http.Request, cancellationToken),
                    cancellationToken)))
            .WithName("SendUdp")
            .WithTags("UDP")
            .WithSummary("Send UDP datagrams and collect the replies")
            .WithDescription("Sends count datagrams on a connected socket, then listens for replies up to waitReplyMs; an ICMP port unreachable is reported as refused (ECONNREFUSED).")
            .Accepts<UdpSendRequest>("application/json")
            .Produces<UdpSendResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }
}
