using Dashboard.Web.Features.Scan;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Dashboard.Web.ScaleOut;

public static class ScaleOutExtensions
{
    /// <summary>
    /// This instance's name always; and when <c>ScaleOut:Redis</c> is set, the rest of scale-out: the SignalR Redis
    /// backplane, calls between instances, leases, mirrors of the other instances' scans, their listeners and agents.
    /// It only replaces the seams the features register with their single-instance defaults (see <see cref="Seams"/>),
    /// so it may be called before or after them.
    /// </summary>
    public static WebApplicationBuilder AddScaleOut(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ScaleOutOptions>().BindConfiguration(ScaleOutOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.RenewSeconds < o.LeaseSeconds, "ScaleOut:RenewSeconds must be below ScaleOut:LeaseSeconds (a lease must be renewed before it expires)")
            .ValidateOnStart();
        InstanceIdentity.TryRegister(services);
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
        // Sign-ins and antiforgery tokens made by one instance are read by the others: the keys live in the shared database, not in DataDir
        // (read once the database is migrated: the migrator runs while the host is starting, before every hosted service).
        // After every Configure (PersistKeysToFileSystem in AddPersistence among them), whichever was added first.
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .PostConfigure<IServiceProvider, ILoggerFactory>((keys, provider, logs) =>
                keys.XmlRepository = new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.EntityFrameworkCoreXmlRepository<Persistence.DashboardDb>(provider, logs));

        services.AddSingleton<PeerBus>();
        services.AddHostedService(provider => provider.GetRequiredService<PeerBus>());
        services.AddSingleton<PeerHandlers>();
        services.AddSingleton<InstanceLeases>();
        services.AddHostedService(provider => provider.GetRequiredService<InstanceLeases>());
        services.AddSingleton<PeerDirectory>();
        services.AddSingleton<RedisQuotaWindows>();
        services.AddHostedService(provider => provider.GetRequiredService<PeerDirectory>());
        services.AddSingleton<RedisAccessChangeFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<RedisAccessChangeFeed>());
        services.AddSingleton<ScanStoredSignals>();
        services.AddHostedService(provider => provider.GetRequiredService<ScanStoredSignals>());
        services.AddSingleton<ScanMirrors>();
        services.AddHostedService(provider => provider.GetRequiredService<ScanMirrors>());
        services.AddSingleton<RedisWatchChangeFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<RedisWatchChangeFeed>());
        Seams.Replace(services);
        return builder;
    }
}

/// <summary>Every seam scale-out changes: the interface a feature registers with its single-instance default, and what replaces it here.</summary>
public static class Seams
{
    /// <summary>The seams' scale-out implementations, each in place of whatever was registered for it, before or after.</summary>
    internal static void Replace(IServiceCollection services)
    {
        Put<Vantage.IAgentLocator>(services, provider => provider.GetRequiredService<PeerDirectory>());
        Put<Features.Listeners.IListenerDirectory>(services, provider => provider.GetRequiredService<PeerDirectory>());
        Put<Features.Policy.ISharedQuotaWindows>(services, provider => provider.GetRequiredService<RedisQuotaWindows>());
        Put<Access.IAccessChangeFeed>(services, provider => provider.GetRequiredService<RedisAccessChangeFeed>());
        Put<Features.History.Storage.IScanStoredSignal>(services, provider => provider.GetRequiredService<ScanStoredSignals>());
        // A scan id not run here is a mirror while its owner runs it, else the stored scan.
        Put<IScanArchive>(services, provider => provider.GetRequiredService<ScanMirrors>());
        Put<Features.Watches.IWatchChangeFeed>(services, provider => provider.GetRequiredService<RedisWatchChangeFeed>());
    }

    /// <summary>The seams, for tests that check which implementation each one resolves to.</summary>
    public static readonly Type[] All =
    [
        typeof(Vantage.IAgentLocator), typeof(Features.Listeners.IListenerDirectory), typeof(Features.Policy.ISharedQuotaWindows),
        typeof(Access.IAccessChangeFeed), typeof(Features.History.Storage.IScanStoredSignal), typeof(IScanArchive),
        typeof(Features.Watches.IWatchChangeFeed),
    ];

    private static void Put<TSeam>(IServiceCollection services, Func<IServiceProvider, TSeam> implementation)
        where TSeam : class
    {
        services.RemoveAll<TSeam>();
        services.AddSingleton(implementation);
    }
}
