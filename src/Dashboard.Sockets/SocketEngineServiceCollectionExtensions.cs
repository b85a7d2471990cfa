using Dashboard.Sockets.Probing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets;

/// <summary>Registers the socket engine in any host: the dashboard, an agent or a test.</summary>
public static class SocketEngineServiceCollectionExtensions
{
    /// <summary>Adds the engine's services; returns the probe options to bind and validate.</summary>
    public static OptionsBuilder<ProbeOptions> AddSocketEngine(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TcpProber>();
        return services.AddOptions<ProbeOptions>()
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultTimeoutMs <= o.MaxTimeoutMs, "Sockets:Probe:DefaultTimeoutMs must not exceed MaxTimeoutMs")
            .ValidateOnStart();
    }
}
