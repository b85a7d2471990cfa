using Dashboard.Contracts.Agents;
using Dashboard.Web.Vantage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Web.Features.Agents.Link;

public static class AgentHubExtensions
{
    /// <summary>
    /// The agents' side: their registry, their connections, the mirrors of their listeners, the agent token
    /// scheme (on <c>/hubs/agents</c> only) and the hub's bounds.
    /// </summary>
    public static WebApplicationBuilder AddAgents(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AgentHubOptions>().BindConfiguration(AgentHubOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAgentVantagePoints();
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, AgentAuthentication>(AgentAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(AgentAuthentication.PolicyName, policy => policy
            .AddAuthenticationSchemes(AgentAuthentication.SchemeName)
            .RequireClaim(AgentAuthentication.AgentIdClaim));
        var maxMessage = builder.Configuration.GetSection(AgentHubOptions.Section).Get<AgentHubOptions>()?.MaxMessageBytes ?? new AgentHubOptions().MaxMessageBytes;
        builder.Services.AddSignalR().AddHubOptions<AgentHub>(options =>
        {
            options.MaximumReceiveMessageSize = maxMessage;
            // Heartbeats, replies and chunks of one agent are taken in order, one at a time: that order is the protocol's.
            options.MaximumParallelInvocationsPerClient = 1;
        });
        return builder;
    }

    /// <summary>The vantage points (this server and agents) without the hub's web parts: for hosts and component tests.</summary>
    public static IServiceCollection AddAgentVantagePoints(this IServiceCollection services)
    {
        services.AddSignalRCore();
        services.TryAddSingleton<LocalVantagePoint>();
        services.TryAddSingleton<IVantagePoint>(provider => provider.GetRequiredService<LocalVantagePoint>());
        services.TryAddSingleton<AgentRegistry>();
        services.TryAddSingleton<RemoteListeners>();
        services.TryAddSingleton<AgentConnections>();
        services.TryAddSingleton<IAgentLocator, SingleInstanceAgentLocator>();
        services.TryAddSingleton<VantagePoints>();
        return services;
    }

    /// <summary>Maps <c>/hubs/agents</c>: WebSockets only (agents are programs), agent tokens only.</summary>
    public static IEndpointRouteBuilder MapAgentHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<AgentHub>(AgentHubRoutes.Path, options => options.Transports = HttpTransportType.WebSockets)
            .RequireAuthorization(AgentAuthentication.PolicyName);
        return endpoints;
    }
}
