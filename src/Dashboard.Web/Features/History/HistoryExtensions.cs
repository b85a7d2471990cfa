using Dashboard.Web.Features.History.Storage;
using Dashboard.Web.Features.Scan;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Web.Features.History;

public static class HistoryExtensions
{
    /// <summary>
    /// The history: its store and service (always, so what was stored stays readable), and when
    /// <c>History:Enabled</c> (the default) the recorders, the recovery at start and the retention job.
    /// Recovery waits for the database: the migrator runs while the host starts, before any hosted service.
    /// </summary>
    public static WebApplicationBuilder AddHistoryFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHistoryReads();
        services.AddOptions<HistoryOptions>().BindConfiguration(HistoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HeavyReadOptions>().BindConfiguration(HeavyReadOptions.Section);
        services.AddSingleton<HistoryStore>();
        services.AddSingleton<HistoryService>();
        services.AddSingleton<ScanArchive>();
        // A scale-out seam: scale-out's mirrors of the scans other instances run replace it, before or after.
        services.TryAddSingleton<IScanArchive>(provider => provider.GetRequiredService<ScanArchive>());
        services.AddSingleton<ListenerArchive>();
        services.AddSingleton<IListenerArchive>(provider => provider.GetRequiredService<ListenerArchive>());
        services.AddHostedService<HistoryRecovery>();
        services.AddSingleton<HistoryRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<HistoryRetention>());
        if (builder.Configuration.GetValue(HistoryOptions.Section + ":" + nameof(HistoryOptions.Enabled), true))
        {
            services.AddSingleton<ScanJournal>();
            services.AddSingleton<IScanJournal>(provider => provider.GetRequiredService<ScanJournal>());
            services.AddSingleton<HistoryRecorder>();
            services.AddSingleton<IHistoryRecorder>(provider => provider.GetRequiredService<HistoryRecorder>());
            services.AddHostedService<HistoryDrain>();
        }
        else
        {
            services.AddSingleton<IHistoryRecorder, NoHistory>();
        }

        return builder;
    }

    /// <summary>Without a database (component tests): nothing is recorded, no scan or listener is found stored.</summary>
    public static IServiceCollection AddHistoryFeature(this IServiceCollection services)
    {
        services.AddHistoryReads();
        services.AddSingleton<IHistoryRecorder, NoHistory>();
        services.AddSingleton<IListenerArchive, NoListenerArchive>();
        services.TryAddSingleton<IScanArchive, NoScanArchive>();
        return services;
    }

    private static void AddHistoryReads(this IServiceCollection services)
    {
        services.AddOptions<HeavyReadOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HeavyReads>();
        // A scale-out seam: other instances' stored scans are signalled through Redis.
        services.TryAddSingleton<IScanStoredSignal, NoScanStoredSignal>();
    }
}

/// <summary>On shutdown, once listeners were interrupted: waits (bounded by the host's shutdown timeout) until their sessions are stored.</summary>
internal sealed class HistoryDrain(HistoryRecorder recorder) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await recorder.DrainAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
