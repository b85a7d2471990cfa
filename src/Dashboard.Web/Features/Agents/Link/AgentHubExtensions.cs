using Dashboard.Contracts.Agents;
using Dashboard.Web.Vantage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Web.Features.Agents.Link;

public static class AgentHubExtensions
{
    /// <summary>
    /// The agents' feature: their registry, their connections, the mirrors of their listeners, the vantage points,
    /// the agent token scheme (on <c>/hubs/agents</c> only) and the hub's bounds.
    /// </summary>
    public static WebApplicationBuilder AddAgentsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AgentHubOptions>().BindConfiguration(AgentHubOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAgentsFeature();
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

    /// <summary>The agents and the vantage points (this server and agents) without the hub's web parts (component tests).</summary>
    public static IServiceCollection AddAgentsFeature(this IServiceCollection services)
    {
        services.AddSignalRCore();
        services.AddSingleton<LocalVantagePoint>();
        services.AddSingleton<IVantagePoint>(provider => provider.GetRequiredService<LocalVantagePoint>());
        services.AddSingleton<AgentRegistry>();
        services.AddSingleton<RemoteListeners>();
        services.AddSingleton<AgentConnections>();
        // A scale-out seam: the single-instance default, replaced by AddScaleOut before or after.
        services.TryAddSingleton<IAgentLocator, SingleInstanceAgentLocator>();
        services.AddSingleton<VantagePoints>();
        services.AddSingleton<Features.Agents.AgentService>();
        services.AddSingleton<Components.Vantage.VantageChoices>();
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
