using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Discovery;
using Dashboard.Sockets.Identify;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Scanning.Linux;
using Dashboard.Sockets.Tracing;
using Dashboard.Sockets.Udp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets;

/// <summary>Registers the socket engine in any host: the dashboard, an agent or a test.</summary>
public static class SocketEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine's services (probe, scan planner, the fastest scanner for this OS, UDP sender) and their
    /// validated options; returns the probe options to bind. Bind scan options with
    /// <c>AddOptions&lt;ScanOptions&gt;().BindConfiguration(ScanOptions.Section)</c>.
    /// </summary>
    public static OptionsBuilder<ProbeOptions> AddSocketEngine(this IServiceCollection services)
    {
        // TryAdd only for what a host replaces, before or after this call: the clock (tests), the budget
        // (the dashboard's limits remove this one), the reply policy (the dashboard's and the agent's).
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SocketBudget>();
        services.TryAddSingleton<IListenerReplyPolicy>(TargetPolicyReplies.Shipped);
        services.AddSingleton<TcpProber>();
        services.AddSingleton<TcpSender>();
        services.AddSingleton<ScanPlanner>();
        services.AddSingleton<HostDiscoverer>();
        services.AddSingleton<NetworkScanner>();
        services.AddSingleton<UdpSender>();
        services.AddSingleton<UnixSockets.UnixSocketClient>();
        services.AddOptions<UnixSockets.UnixSocketOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Tracer>();
        services.AddOptions<TraceOptions>().ValidateDataAnnotations()
            .Validate(o => o.DefaultMaxHops <= o.MaxHops, "Sockets:Trace:DefaultMaxHops must not exceed MaxHops")
            .Validate(o => o.DefaultTimeoutMs <= o.MaxTimeoutMs, "Sockets:Trace:DefaultTimeoutMs must not exceed MaxTimeoutMs").ValidateOnStart();
        services.AddSingleton<ListenerManager>();
        Tls.TlsRegistration.AddTlsChecks(services);
        services.AddSingleton<ServiceIdentifier>();
        services.AddOptions<IdentifyOptions>().ValidateDataAnnotations()
            .Validate(o => o.DefaultTimeoutMs <= o.MaxTimeoutMs && o.DefaultConcurrency <= o.MaxConcurrency, "Sockets:Identify: a default must not exceed its Max").ValidateOnStart();
        services.AddOptions<ListenerOptions>()
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultTtlSeconds <= o.MaxTtlSeconds, "Sockets:Listeners:DefaultTtlSeconds must not exceed MaxTtlSeconds")
            .Validate(o => o.DefaultBacklog <= o.MaxBacklog, "Sockets:Listeners:DefaultBacklog must not exceed MaxBacklog")
            .ValidateOnStart();
        services.AddOptions<UdpOptions>()
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultWaitReplyMs <= o.MaxWaitReplyMs, "Sockets:Udp:DefaultWaitReplyMs must not exceed MaxWaitReplyMs")
            .ValidateOnStart();
        if (OperatingSystem.IsLinux())
        {
            services.AddSingleton<IConnectScanner, EpollConnectScanner>();
        }
        else
        {
            services.AddSingleton<IConnectScanner, SocketConnectScanner>();
        }

        // A host without logging (a test) still builds; a host's own logging wins, whichever was added first.
        services.TryAddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>));
        services.AddOptions<ScanOptions>()
            .ValidateDataAnnotations()
            .Validate(o => o.MinTimeoutMs <= o.MaxTimeoutMs, "Sockets:Scan:MinTimeoutMs must not exceed MaxTimeoutMs")
            .Validate(o => o.DiscoveryPorts.All(p => p is >= 1 and <= 65_535), "Sockets:Scan:DiscoveryPorts must be ports 1-65535")
            .Validate(o => o.DefaultTimeoutMs <= o.MaxTimeoutMs, "Sockets:Scan:DefaultTimeoutMs must not exceed MaxTimeoutMs")
            .Validate(o => o.DefaultConcurrency <= o.MaxConcurrency, "Sockets:Scan:DefaultConcurrency must not exceed MaxConcurrency")
            .ValidateOnStart();
        return services.AddOptions<ProbeOptions>()
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultTimeoutMs <= o.MaxTimeoutMs, "Sockets:Probe:DefaultTimeoutMs must not exceed MaxTimeoutMs")
            .ValidateOnStart();
    }
}
