using Dashboard.Web.Access;
using Dashboard.Web.Features.Agents.Link;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Notifications;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Features.Udp;
using Dashboard.Web.Features.Watches;
using Dashboard.Web.Operations;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Web.Features;

/// <summary>
/// One <c>AddXFeature</c> per feature folder. On <see cref="IServiceCollection"/>: the folder's services without
/// configuration (component tests); on <see cref="WebApplicationBuilder"/>: the same with their options bound
/// (Program.cs). Each registers with <c>Add</c>, so no call depends on another's order; <c>TryAdd</c> is kept for
/// the seams scale-out replaces (<see cref="ScaleOut.Seams"/>), which it swaps whether it comes before or after.
/// History, Policy and Agents keep theirs beside their folders' other registrations.
/// </summary>
public static class FeatureExtensions
{
    /// <summary>Every feature without a host (component tests); the socket engine must be added too.</summary>
    public static IServiceCollection AddDashboardFeatures(this IServiceCollection services)
    {
        // What the host's cross-cutting parts (operations, access, scale-out) register, which the features need.
        services.AddMetrics();
        services.TryAddSingleton<DashboardMetrics>();
        // A component test may put its own signed-in actor first.
        services.TryAddScoped<UiActor>();
        ScaleOut.InstanceIdentity.TryRegister(services);

        services.AddAuditFeature();
        services.AddPolicyFeature();
        services.AddHistoryFeature();
        services.AddAgentsFeature();
        services.AddProbeFeature();
        services.AddUdpFeature();
        Tls.TlsFeature.AddTlsFeature(services);
        UnixSockets.UnixSocketFeature.AddUnixSocketFeature(services);
        Identify.IdentifyFeature.AddIdentifyFeature(services);
        Trace.TraceFeature.AddTraceFeature(services);
        services.AddListenersFeature();
        services.AddScanFeature();
        services.AddPathsFeature();
        services.AddReproduceFeature();
        services.AddAccountFeature();
        Watches.WatchesFeature.AddWatchesFeature(services);
        // Watches' schedules in memory: a component test renders pages, it does not run watches.
        Quartz.QuartzServiceCollectionExtensions.AddQuartz(services, quartz => quartz.UseInMemoryStore());
        services.AddNotificationsFeature();
        return services;
    }

    /// <summary>The audit log and its writer; <c>Audit:*</c>.</summary>
    public static WebApplicationBuilder AddAuditFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuditFeature();
        builder.Services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section);
        return builder;
    }

    public static IServiceCollection AddAuditFeature(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditQueue>();
        // It stops after the hosted services that audit as they stop: it drains whatever is queued when it is stopped.
        services.AddHostedService<AuditWriter>();
        services.AddSingleton<AuditService>();
        return services;
    }

    /// <summary>TCP connect probes.</summary>
    public static WebApplicationBuilder AddProbeFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddProbeFeature();
        return builder;
    }

    public static IServiceCollection AddProbeFeature(this IServiceCollection services)
    {
        services.AddSingleton<ProbeService>();
        return services;
    }

    /// <summary>UDP sends.</summary>
    public static WebApplicationBuilder AddUdpFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddUdpFeature();
        return builder;
    }

    public static IServiceCollection AddUdpFeature(this IServiceCollection services)
    {
        services.AddSingleton<UdpService>();
        return services;
    }

    /// <summary>TCP/UDP listeners, their directory (a scale-out seam) and their expiry.</summary>
    public static WebApplicationBuilder AddListenersFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddListenersFeature();
        return builder;
    }

    public static IServiceCollection AddListenersFeature(this IServiceCollection services)
    {
        services.TryAddSingleton<IListenerDirectory, SingleInstanceListenerDirectory>();
        services.AddSingleton<ListenerService>();
        services.AddHostedService<ListenerExpiry>();
        return services;
    }

    /// <summary>Port scans, the jobs that run them; <c>Scans:*</c>.</summary>
    public static WebApplicationBuilder AddScanFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddScanFeature();
        builder.Services.AddOptions<ScanJobOptions>().BindConfiguration(ScanJobOptions.Section);
        return builder;
    }

    public static IServiceCollection AddScanFeature(this IServiceCollection services)
    {
        services.AddOptions<ScanJobOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ScanJobs>();
        services.AddHostedService(provider => provider.GetRequiredService<ScanJobs>());
        services.AddSingleton<ScanService>();
        return services;
    }

    /// <summary>Two-ended path checks and their matrices.</summary>
    public static WebApplicationBuilder AddPathsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddPathsFeature();
        return builder;
    }

    public static IServiceCollection AddPathsFeature(this IServiceCollection services)
    {
        services.AddSingleton<Paths.PathMatrices>();
        services.AddSingleton<Paths.PathCheckService>();
        return services;
    }

    /// <summary>Accounts, password sign-in and its throttle, known devices (the endpoints: <c>MapAccountEndpoints</c>).</summary>
    public static WebApplicationBuilder AddAccountFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddAccountFeature();
        return builder;
    }

    public static IServiceCollection AddAccountFeature(this IServiceCollection services)
    {
        services.AddSingleton<Account.AccountService>();
        services.AddSingleton<Account.SignInThrottle>();
        services.AddSingleton<Account.KnownDevices>();
        services.AddScoped<Account.PasswordSignIn>();
        return services;
    }

    /// <summary>Notification channels, maintenance windows and the delivery worker; <c>Notifications:*</c>.</summary>
    public static WebApplicationBuilder AddNotificationsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddNotificationsFeature();
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section);
        return builder;
    }

    public static IServiceCollection AddNotificationsFeature(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddDataProtection();
        services.AddSingleton<ChannelSecretBox>();
        services.AddSingleton<DestinationCheck>();
        services.AddChannelHttp();
        services.AddSingleton<HttpChannelSender>();
        services.AddSingleton<EmailChannelSender>();
        ScaleOut.InstanceIdentity.TryRegister(services);
        services.AddSingleton<PendingDeliveries>();
        services.AddSingleton<ChannelDelivery>();
        services.AddHostedService<NotificationWorker>();
        services.AddSingleton<NotificationService>();
        // Replaces the watches' default (nobody is told) whichever of the two features is added first.
        services.Replace(ServiceDescriptor.Singleton<IWatchAlerts, ChannelAlerts>());
        return services;
    }
}
