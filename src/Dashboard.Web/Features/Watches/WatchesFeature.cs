using Dashboard.Web.Features.Watches.Runs;
using Dashboard.Web.Features.Watches.Scheduling;
using Dashboard.Web.Persistence;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Dashboard.Web.Features.Watches;

public static class WatchesFeature
{
    /// <summary>
    /// Watches and their scheduler: Quartz with its persistent store in the dashboard's database, clustered when that is
    /// PostgreSQL (several dashboards share it: each due run happens on one of them); <c>Watches:*</c>.
    /// </summary>
    public static WebApplicationBuilder AddWatchesFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddWatchesFeature();
        builder.Services.AddOptions<WatchOptions>().BindConfiguration(WatchOptions.Section);
        var options = builder.Configuration.GetSection(WatchOptions.Section).Get<WatchOptions>() ?? new WatchOptions();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataDir = DataDirectory.Resolve(builder.Configuration, builder.Environment);
        var postgres = database.IsPostgres ? builder.Configuration.GetConnectionString("Dashboard") : null;
        builder.Services.AddQuartz(quartz =>
        {
            quartz.UseDefaultThreadPool(options.MaxConcurrentRuns);
            quartz.UsePersistentStore(store =>
            {
                if (postgres is not null)
                {
                    store.UsePostgres(postgres);
                    store.UseClustering(cluster =>
                    {
                        cluster.CheckinInterval = TimeSpan.FromSeconds(options.ClusterCheckinSeconds);
                        cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(options.ClusterCheckinSeconds * 2);
                    });
                }
                else
                {
                    // A file of its own beside dashboard.db: Quartz's locks and the dashboard's writes do not wait on each other.
                    store.UseSqlite($"Data Source={Path.Combine(dataDir, "schedule.db")}");
                }

                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
            });
        });
        builder.Services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return builder;
    }

    /// <summary>The services without a scheduler's store (component tests add Quartz themselves).</summary>
    public static IServiceCollection AddWatchesFeature(this IServiceCollection services)
    {
        services.AddOptions<WatchOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IWatchAlerts, NoWatchAlerts>();
        services.TryAddSingleton<IWatchChangeFeed, SingleInstanceWatchChangeFeed>();
        services.AddSingleton<WatchEvents>();
        services.AddSingleton<WatchMetrics>();
        services.AddSingleton<WatchAlertsOutbox>();
        services.AddSingleton<WatchRecorder>();
        services.AddHostedService(provider => provider.GetRequiredService<WatchRecorder>());
        services.AddSingleton<TcpExchange>();
        services.AddSingleton<WatchChecks>();
        services.AddSingleton<WatchRunner>();
        services.AddTransient<WatchRunJob>();
        services.AddTransient<WatchRetentionJob>();
        services.AddSingleton<WatchScheduler>();
        services.AddHostedService<WatchScheduleStart>();
        services.AddSingleton<WatchService>();
        services.AddSingleton<WatchReads>();
        services.AddSingleton<WatchFollowers>();
        services.AddSingleton<StatusPages.StatusPageService>();
        return services;
    }
}
