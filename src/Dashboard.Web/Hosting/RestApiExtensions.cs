using Dashboard.Web.Errors;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Features.Udp;
using Dashboard.Web.Policy;
using Scalar.AspNetCore;

namespace Dashboard.Web.Hosting;

/// <summary>The REST API under <c>/api</c>, its OpenAPI document and its interactive reference.</summary>
public static class RestApiExtensions
{
    public const string DocumentPath = "/openapi/v1.json";

    public static WebApplicationBuilder AddRestApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Socket Dashboard API";
            document.Info.Description =
                "TCP probes with connect_ex semantics, port scans, UDP sends and listeners, from the dashboard's host. " +
                "The same records as the SignalR hub at /hubs/probe, camelCase JSON. Refusals are RFC 7807 problem details: " +
                "400 with errors per field, 403, 404, 409, 429 with Retry-After.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapRestApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").WithRefusalsAsProblems();
        api.MapProbeApi();
        api.MapScanApi();
        api.MapUdpApi();
        api.MapListenerApi();
        api.MapAuditApi();
        api.MapPolicyApi();
        // The API's description is no secret; using the API is.
        app.MapOpenApi().AllowAnonymous();
        // No fonts from elsewhere; its inline scripts carry this response's Content-Security-Policy
        // nonce. The Zod inside it would probe for eval (which the policy forbids, a reported
        // violation each load) unless told up front to validate without compiling code.
        app.MapScalarApiReference("/api/docs", (options, context) => options
            .WithTitle("Socket Dashboard API")
            .WithOpenApiRoutePattern(DocumentPath)
            .DisableDefaultFonts()
            .WithNonce(CspNonce.Of(context))
            .AddHeadContent($"<script nonce=\"{CspNonce.Of(context)}\">globalThis.__zod_globalConfig = {{ jitless: true }};</script>")).AllowAnonymous();
        return app;
    }
}
