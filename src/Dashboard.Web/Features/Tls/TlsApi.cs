using Dashboard.Contracts.Tls;
using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.Tls;

public static class TlsApi
{
    /// <summary><c>POST /api/tls</c>: one TLS check.</summary>
    public static RouteGroupBuilder MapTlsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/tls", async (Actor actor, HttpContext http, TlsService tls, CancellationToken cancellationToken) =>
                TypedResults.Ok(await tls.CheckAsync(actor, await WireJson.ReadAsync<TlsCheckRequest>(http.Request, cancellationToken), cancellationToken)))
            .WithName("CheckTls")
            .WithTags("TLS")
            .WithSummary("Shake hands with a TLS server and report what it presents")
            .WithDescription("Connects (optionally after STARTTLS), shakes hands with the SNI given (default: the host name as typed, none for an address) and reports the protocol, cipher suite, ALPN, the chain as presented, whether the name matches and whether the chain validates, with why not in words. The handshake never fails on the certificate: it is reported, not trusted.")
            .Accepts<TlsCheckRequest>("application/json")
            .Produces<TlsCheckResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }
}
