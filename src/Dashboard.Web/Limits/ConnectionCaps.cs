using System.Globalization;
using System.Security.Claims;
using Dashboard.Contracts;
using Dashboard.Web.Access;
using Dashboard.Web.Operations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Limits;

/// <summary>
/// Refuses a long-lived connection past its cap before it costs anything: a WebSocket past
/// <see cref="DescriptorPlan.MaxUpgradedConnections"/> gets <c>503</c>, a hub connection past
/// <see cref="LimitsOptions.HubConnectionsPerUser"/> <c>429</c> (at negotiation already), each with
/// <c>Retry-After</c> and a problem-details body saying which cap and what to do, and the connection is
/// closed after the answer so that its descriptor is free at once. Kestrel enforces the same upgraded
/// cap (it is set to the same number); answering here first is what gives the client a status and a reason.
/// Long-polling hub connections hold no request open, so <see cref="LongPollingCap"/> counts those.
/// </summary>
internal sealed class ConnectionCaps(RequestDelegate next, ConnectionCounts counts, DescriptorPlan plan, IOptions<LimitsOptions> options,
    DashboardMetrics metrics, RefusalThrottle throttle)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var hub = context.Request.Path.StartsWithSegments(ProbeHubRoutes.Path);
        var user = hub ? context.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        var perUser = options.Value.HubConnectionsPerUser;
        if (user is not null && IsNegotiation(context) && counts.HubConnectionsOf(user) >= perUser)
        {
            await RefuseUserAsync(context, perUser);
            return;
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true;
        if (upgrade && !counts.TryTakeUpgraded(plan.MaxUpgradedConnections))
        {
            await RefuseUpgradeAsync(context, hub);
            return;
        }

        var lasting = user is not null && HoldsTheConnection(context, upgrade);
        if (lasting && !counts.TryTakeHub(user!, perUser))
        {
            if (upgrade)
            {
                counts.ReleaseUpgraded();
            }

            await RefuseUserAsync(context, perUser);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            if (lasting)
            {
                counts.ReleaseHub(user!);
            }

            if (upgrade)
            {
                counts.ReleaseUpgraded();
            }
        }
    }

    /// <summary><c>POST /hubs/probe/negotiate</c>: refusing here spares the client a connection id it could not use.</summary>
    private static bool IsNegotiation(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value?.EndsWith("/negotiate", StringComparison.Ordinal) == true;

    /// <summary>The request that carries a hub connection for its whole life: a WebSocket, or a server-sent events stream.</summary>
    private static bool HoldsTheConnection(HttpContext context, bool upgrade) =>
        HttpMethods.IsGet(context.Request.Method) &&
        (upgrade || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true ||
         context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase));

    private Task RefuseUserAsync(HttpContext context, int perUser)
    {
        metrics.Refused(ErrorKind.LimitReached, Door.Hub);
        throttle.Refused(RefusalThrottle.Cap.HubConnectionsPerUser, perUser);
        return RefuseAsync(context, StatusCodes.Status429TooManyRequests, "Limit reached", string.Create(CultureInfo.InvariantCulture,
            $"you hold {perUser:N0} connections to {ProbeHubRoutes.Path}, the most one user may ({LimitsOptions.Section}:HubConnectionsPerUser); close one first"));
    }

    private Task RefuseUpgradeAsync(HttpContext context, bool hub)
    {
        metrics.Refused(ErrorKind.LimitReached, hub ? Door.Hub : Door.Ui);
        throttle.Refused(RefusalThrottle.Cap.MaxUpgradedConnections, plan.MaxUpgradedConnections);
        return RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, "Server busy", string.Create(CultureInfo.InvariantCulture,
            $"this server holds {plan.MaxUpgradedConnections:N0} WebSocket connections, the most it takes ({LimitsOptions.Section}:MaxUpgradedConnections, from its open-file limit of {plan.OpenFileLimit:N0}); try again later"));
    }

    private Task RefuseAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        // The descriptor is what is short: do not keep the refused client's connection alive.
        context.Response.Headers.Connection = "close";
        return TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(context);
    }
}
