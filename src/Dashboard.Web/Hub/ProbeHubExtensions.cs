using Microsoft.AspNetCore.SignalR;
using Dashboard.Contracts;

namespace Dashboard.Web.Hub;

/// <summary>Registers and maps the public hub.</summary>
public static class ProbeHubExtensions
{
    /// <summary>
    /// SignalR with the hub's filters; JSON, camelCase (SignalR's default); messages up to
    /// <see cref="ProbeHubLimits.MaxReceiveMessageBytes"/>, so the largest datagram goes through in any encoding.
    /// </summary>
    public static WebApplicationBuilder AddProbeHub(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR(options => options.AddFilter<InvalidRequestHubFilter>())
            .AddHubOptions<ProbeHub>(options => options.MaximumReceiveMessageSize = ProbeHubLimits.MaxReceiveMessageBytes);
        return builder;
    }

    /// <summary>Maps the hub at <see cref="ProbeHubRoutes.Path"/>.</summary>
    public static IEndpointRouteBuilder MapProbeHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<ProbeHub>(ProbeHubRoutes.Path);
        return endpoints;
    }
}
