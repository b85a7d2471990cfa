using Dashboard.Web.Features.Watches.AsCode;
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
            // Triggers due within this much of the first are taken and fired in one round (one transaction, not one per run):
            // at 200 runs a second, rounds of ~50 instead of 200 rounds of one; a run may so start up to this much early.
            quartz.ConfigureScheduler(scheduler => scheduler.BatchTriggerAcquisitionFireAheadTimeWindow = TimeSpan.FromMilliseconds(FireAheadMs));
            quartz.UsePersistentStore(store =>
            {
                if (postgres is not null)
                {
                    // An instance with nothing due sleeps this long (Quartz's default: 30 s) before it looks again, and only the
                    // instance that made a watch is woken by it: a check-in's time lets every instance take its share soon.
                    quartz.ConfigureScheduler(scheduler => scheduler.IdleWaitTime = TimeSpan.FromSeconds(options.ClusterCheckinSeconds));
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
                    var schedule = Path.Combine(dataDir, "schedule.db");
                    WriteAheadLog(schedule);
                    store.UseSqlite($"Data Source={schedule}");
                }

                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
            });
        });
        builder.Services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return builder;
    }

    /// <summary>How much earlier than due a run may start, so that runs due close together are fired in one round.</summary>
    public const int FireAheadMs = 250;

    /// <summary>
    /// Quartz's SQLite file in WAL mode (kept in the file): a firing commits by appending to the log, not by rewriting a
    /// rollback journal and the file with a sync of each, which at hundreds of firings a second took most of the time.
    /// </summary>
    private static void WriteAheadLog(string file)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL";
        command.ExecuteNonQuery();
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
        services.AddSingleton<WatchRunPlans>();
        services.AddSingleton<WatchRunner>();
        services.AddTransient<WatchRunJob>();
        services.AddTransient<WatchRetentionJob>();
        services.AddSingleton<WatchScheduler>();
        services.AddHostedService<WatchScheduleStart>();
        services.AddSingleton<WatchService>();
        services.AddSingleton<WatchReads>();
        services.AddSingleton<WatchFollowers>();
        services.AddSingleton<WatchImport>();
        services.AddHostedService<WatchGauges>();
        services.AddSingleton<StatusPages.StatusPageService>();
        return services;
    }
}
