using Dashboard.Web.Features.Scan;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Dashboard.Web.ScaleOut;

public static class ScaleOutExtensions
{
    /// <summary>
    /// This instance's name always; and when <c>ScaleOut:Redis</c> is set, the rest of scale-out: the SignalR Redis
    /// backplane, calls between instances, leases, mirrors of the other instances' scans, their listeners and agents.
    /// Call after <c>AddHistory</c>, <c>AddFeatures</c> and <c>AddAgents</c> (it follows what they registered).
    /// </summary>
    public static WebApplicationBuilder AddScaleOut(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ScaleOutOptions>().BindConfiguration(ScaleOutOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.RenewSeconds < o.LeaseSeconds, "ScaleOut:RenewSeconds must be below ScaleOut:LeaseSeconds (a lease must be renewed before it expires)")
            .ValidateOnStart();
        services.AddSingleton<InstanceIdentity>();
        var options = builder.Configuration.GetSection(ScaleOutOptions.Section).Get<ScaleOutOptions>() ?? new ScaleOutOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        var redis = ConfigurationOptions.Parse(options.Redis!);
        redis.ClientName ??= "socket-dashboard";
        services.AddSingleton<IConnectionMultiplexer>(provider =>
        {
            // The settings first: a bad one stops the start with its own message, not with a Redis connection error.
            _ = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ScaleOutOptions>>().Value;
            return ConnectionMultiplexer.Connect(redis);
        });
        services.AddSignalR().AddStackExchangeRedis(signalR =>
        {
            signalR.Configuration = redis.Clone();
            // Blazor's circuits ride the same backplane: a prefix keeps this deployment's channels apart from anything else on the server.
            signalR.Configuration.ChannelPrefix = RedisChannel.Literal(options.ChannelPrefix + ":signalr");
        });
        // Sign-ins and antiforgery tokens made by one instance are read by the others: the keys live in the shared database, not in DataDir.
        services.AddDataProtection().PersistKeysToDbContext<Persistence.DashboardDb>();
        // Data protection reads its key ring in a hosted service of its own, registered before the database migrator:
        // moved after it, so a first start on an empty database reads the keys once their table exists.
        if (services.FirstOrDefault(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType?.Name == "DataProtectionHostedService") is { } keyRing)
        {
            services.Remove(keyRing);
            services.Add(keyRing);
        }

        services.AddSingleton<PeerBus>();
        services.AddHostedService(provider => provider.GetRequiredService<PeerBus>());
        services.AddSingleton<PeerHandlers>();
        services.AddSingleton<InstanceLeases>();
        services.AddHostedService(provider => provider.GetRequiredService<InstanceLeases>());
        services.AddSingleton<PeerDirectory>();
        services.AddSingleton<IPeerAgents>(provider => provider.GetRequiredService<PeerDirectory>());
        services.AddSingleton<IPeerListeners>(provider => provider.GetRequiredService<PeerDirectory>());
        services.AddHostedService(provider => provider.GetRequiredService<PeerDirectory>());
        services.AddSingleton<Policy.ISharedQuotaWindows, RedisQuotaWindows>();
        services.AddSingleton<RedisAccessChangeFeed>();
        services.Replace(ServiceDescriptor.Singleton<Access.IAccessChangeFeed>(provider => provider.GetRequiredService<RedisAccessChangeFeed>()));
        services.AddHostedService(provider => provider.GetRequiredService<RedisAccessChangeFeed>());
        services.AddSingleton<ScanStoredSignals>();
        services.AddSingleton<Features.History.IScanStoredSignal>(provider => provider.GetRequiredService<ScanStoredSignals>());
        services.AddHostedService(provider => provider.GetRequiredService<ScanStoredSignals>());
        services.AddSingleton<ScanMirrors>();
        // Replaces the archive: a scan id not run here is a mirror while its owner runs it, else the stored scan.
        services.AddSingleton<IScanArchive>(provider => provider.GetRequiredService<ScanMirrors>());
        services.AddHostedService(provider => provider.GetRequiredService<ScanMirrors>());
        return builder;
    }
}
