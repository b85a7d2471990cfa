using Dashboard.Contracts;
using Dashboard.Sockets.Listeners;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Hub;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Hosting;

/// <summary>
/// When the app starts stopping, before SignalR closes its connections: tells hub clients, interrupts
/// running scans and open listeners, and waits (bounded) until their watchers have had the last batch or
/// event, so everyone watching sees why their scan or listener ended. The hosted services' own stops
/// remain the fallback for whatever this did not reach in time.
/// </summary>
internal sealed class GracefulShutdown(
    IHubContext<ProbeHub, IProbeClient> hub,
    ScanJobs scans,
    ListenerManager listeners,
    IHostApplicationLifetime lifetime,
    ILogger<GracefulShutdown> logger) : IHostedService
{
    public const string Message = "the server is shutting down: running scans end interrupted and listeners close";

    /// <summary>The longest shutdown waits for watchers: a stuck client must not hold the process.</summary>
    private static readonly TimeSpan MostWait = TimeSpan.FromSeconds(3);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // SignalR closes its connections in its own ApplicationStopping callback; one registered after it
        // runs before it (newest first), and callbacks are synchronous: hence the bounded wait.
        lifetime.ApplicationStopping.Register(() =>
        {
            using var timeout = new CancellationTokenSource(MostWait);
            try
            {
                InterruptAsync(timeout.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                ShutdownLog.WatchersNotDrained(logger, MostWait.TotalSeconds);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task InterruptAsync(CancellationToken cancellationToken)
    {
        await hub.Clients.All.ServerStopping(Message).WaitAsync(cancellationToken);
        await Task.WhenAll(
            scans.InterruptAllAsync(cancellationToken),
            listeners.InterruptAllAsync(ListenerExpiry.ShutdownReason, cancellationToken));
    }
}

internal static partial class ShutdownLog
{
    [LoggerMessage(EventId = 1101, EventName = "WatchersNotDrained", Level = LogLevel.Warning,
        Message = "Shutdown went on after {Seconds} s without every watcher having received its last scan batch or listener event")]
    public static partial void WatchersNotDrained(ILogger logger, double seconds);
}
