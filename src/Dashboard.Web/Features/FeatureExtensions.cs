using Dashboard.Web.Access;
using Dashboard.Web.Features.Agents.Link;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Features.Udp;
using Dashboard.Web.Operations;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Web.Features;

public static class FeatureExtensions
{
    /// <summary>
    /// The feature services every door goes through, the vantage point they execute at, and the
    /// hosted services that own scans and listener expiry (started with the app, stopped before it ends).
    /// </summary>
    public static WebApplicationBuilder AddFeatures(this WebApplicationBuilder builder)
    {
        builder.Services.AddDashboardFeatures();
        builder.Services.AddOptions<ScanJobOptions>().BindConfiguration(ScanJobOptions.Section);
        builder.Services.AddOptions<History.HeavyReadOptions>().BindConfiguration(History.HeavyReadOptions.Section);
        builder.Services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section);
        builder.Services.AddOptions<PolicyOptions>().BindConfiguration(PolicyOptions.Section);
        return builder;
    }

    /// <summary>The same without a host builder (component tests): the socket engine must be added too.</summary>
    public static IServiceCollection AddDashboardFeatures(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<DashboardMetrics>();
        services.AddAgentVantagePoints();
        // First of the features' hosted services, so it stops last and writes what the others audit as they stop.
        services.AddOptions<AuditOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<AuditQueue>();
        services.AddHostedService<AuditWriter>();
        services.TryAddSingleton<AuditService>();
        services.AddDashboardPolicy();
        services.TryAddSingleton<History.Storage.IHistoryRecorder, History.Storage.NoHistory>();
        services.TryAddSingleton<ProbeService>();
        services.TryAddSingleton<UdpService>();
        services.TryAddSingleton<Listeners.IListenerDirectory, Listeners.SingleInstanceListenerDirectory>();
        services.TryAddSingleton<History.Storage.IListenerArchive, History.Storage.NoListenerArchive>();
        ScaleOut.InstanceIdentity.TryRegister(services);
        // One instance finds a scan it no longer runs in the history, when there is one; scale-out replaces this (its scans run at other instances too).
        services.TryAddSingleton<IScanArchive>(provider => provider.GetService<History.Storage.ScanArchive>() as IScanArchive ?? new History.Storage.NoScanArchive());
        services.TryAddSingleton<ListenerService>();
        services.AddHostedService<ListenerExpiry>();
        services.AddOptions<ScanJobOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ScanJobs>();
        services.AddHostedService(provider => provider.GetRequiredService<ScanJobs>());
        services.TryAddSingleton<ScanService>();
        services.AddOptions<History.HeavyReadOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<History.HeavyReads>();
        services.TryAddScoped<UiActor>();
        services.TryAddSingleton<Account.AccountService>();
        services.TryAddSingleton<Account.SignInThrottle>();
        services.TryAddSingleton<Account.KnownDevices>();
        services.TryAddScoped<Account.PasswordSignIn>();
        services.TryAddSingleton<Agents.AgentService>();
        services.TryAddSingleton<Paths.PathMatrices>();
        services.TryAddSingleton<Paths.PathCheckService>();
        services.TryAddSingleton<Components.Vantage.VantageChoices>();
        return services;
    }
}
