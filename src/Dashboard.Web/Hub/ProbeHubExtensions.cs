using Dashboard.Contracts;
using Dashboard.Web.Errors;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Hub;

/// <summary>Registers and maps the public hub.</summary>
public static class ProbeHubExtensions
{
    /// <summary>
    /// SignalR with the refusal filter; JSON, camelCase (SignalR's default); arguments up to
    /// <see cref="ProbeHubLimits.MaxArgumentBytes"/>, so the largest datagram goes through in any encoding,
    /// and larger ones refused by <see cref="HubArgumentLimit"/> with the limit and the size.
    /// </summary>
    public static WebApplicationBuilder AddProbeHub(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RefusalHubFilter>();
        builder.Services.AddSingleton<PresentAccessHubFilter>();
        builder.Services.AddSingleton<HeldHubConnections>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<HeldHubConnections>());
        // SignalR logs every HubException at Error with its stack trace and its message as it is (user text,
        // CR and LF included). Refusals are logged once, escaped, by RefusalHubFilter; real failures too.
        builder.Logging.AddFilter(RefusalHubFilter.DispatcherCategory, LogLevel.Critical);
        builder.Services.AddSignalR(options => options.AddFilter<RefusalHubFilter>())
            .AddHubOptions<ProbeHub>(options =>
            {
                options.MaximumReceiveMessageSize = ProbeHubLimits.MaxReceiveMessageBytes;
                options.AddFilter<PresentAccessHubFilter>();
                options.AddFilter<HubArgumentLimit>();
            });
        builder.Services.AddHostedService<Hosting.GracefulShutdown>();
        return builder;
    }

    /// <summary>Maps the hub at <see cref="ProbeHubRoutes.Path"/>.</summary>
    public static IEndpointRouteBuilder MapProbeHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<ProbeHub>(ProbeHubRoutes.Path);
        return endpoints;
    }
}
