using Dashboard.Contracts.Unix;
using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.UnixSockets;

public static class UnixSocketApi
{
    /// <summary><c>POST /api/unix/probe</c> and <c>POST /api/unix/send</c>.</summary>
    public static RouteGroupBuilder MapUnixSocketApi(this RouteGroupBuilder api)
    {
        api.MapPost("/unix/probe", async (Actor actor, HttpContext http, UnixSocketService unix, CancellationToken cancellationToken) =>
                TypedResults.Ok(await unix.ProbeAsync(actor, await WireJson.ReadAsync<UnixProbeRequest>(http.Request, cancellationToken), cancellationToken)))
            .WithName("ProbeUnixSocket")
            .WithTags("Unix sockets")
            .WithSummary("Connect to a Unix socket path, as connect_ex would")
            .WithDescription("Connects an AF_UNIX socket (stream or datagram) to a path under the allowed directories (Policy:UnixSockets:AllowedDirectories; " +
                             "symbolic links resolved, well-known daemon sockets denied) and reports the errno (ENOENT, ECONNREFUSED, EACCES, EPROTOTYPE...), " +
                             "getpeername and the listener's SO_PEERCRED.")
            .Accepts<UnixProbeRequest>("application/json")
            .Produces<UnixProbeResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapPost("/unix/send", async (Actor actor, HttpContext http, UnixSocketService unix, CancellationToken cancellationToken) =>
                TypedResults.Ok(await unix.SendAsync(actor, await WireJson.ReadAsync<UnixSendRequest>(http.Request, cancellationToken), cancellationToken)))
            .WithName("SendUnixDatagram")
            .WithTags("Unix sockets")
            .WithSummary("Send one datagram to a Unix socket path and read its reply")
            .WithDescription("Sends one SOCK_DGRAM datagram to a path under the allowed directories; with waitReplyMs above 0 the socket is bound to an " +
                             "abstract address first, so the peer can answer, and the first reply is returned.")
            .Accepts<UnixSendRequest>("application/json")
            .Produces<UnixSendResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }
}
