using Dashboard.Web.Errors;
using Dashboard.Web.Features.Agents;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Notifications;
using Dashboard.Web.Features.Paths;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Reproduce;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Features.Tls;
using Dashboard.Web.Features.Trace;
using Dashboard.Web.Features.Udp;
using Dashboard.Web.Features.Watches;
using Dashboard.Web.Features.Watches.StatusPages;
using Dashboard.Web.Hosting.OpenApi;
using Dashboard.Web.Hosting.RestAnswers;
using Scalar.AspNetCore;

namespace Dashboard.Web.Hosting;

/// <summary>The REST API under <c>/api</c>, its OpenAPI document and its interactive reference.</summary>
public static class RestApiExtensions
{
    public const string DocumentPath = "/openapi/v1.json";

    public static WebApplicationBuilder AddRestApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddDashboardOpenApi();
        return builder;
    }

    public static WebApplication MapRestApi(this WebApplication app)
    {
        app.UseEmptyAnswerProblems();
        var api = app.MapGroup("/api").WithRefusalsAsProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapProbeApi();
        api.MapScanApi();
        api.MapUdpApi();
        api.MapTlsApi();
        Features.UnixSockets.UnixSocketApi.MapUnixSocketApi(api);
        Features.Identify.IdentifyApi.MapIdentifyApi(api);
        api.MapTraceApi();
        api.MapListenerApi();
        api.MapAuditApi();
        api.MapPolicyApi();
        api.MapHistoryApi();
        api.MapReproduceApi();
        api.MapAgentApi();
        api.MapPathApi();
        api.MapWatchApi();
        api.MapStatusPageApi();
        app.MapPublicStatusApi();
        api.MapNotificationsApi();
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
