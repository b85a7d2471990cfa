using Dashboard.Web.Features.History.Storage;
using Dashboard.Web.Features.Scan;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Web.Features.History;

public static class HistoryExtensions
{
    /// <summary>
    /// The history: its store and service (always, so what was stored stays readable), and when
    /// <c>History:Enabled</c> (the default) the recorders, the recovery at start and the retention job.
    /// Call before <c>AddFeatures</c>, after <c>AddPersistence</c> (recovery runs once the database is migrated).
    /// </summary>
    public static WebApplicationBuilder AddHistory(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HistoryOptions>().BindConfiguration(HistoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        ScaleOut.InstanceIdentity.TryRegister(services);
        services.AddSingleton<HistoryStore>();
        services.TryAddSingleton<IScanStoredSignal, NoScanStoredSignal>();
        services.AddSingleton<HistoryService>();
        services.AddSingleton<ScanArchive>();
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

        return builder;
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
