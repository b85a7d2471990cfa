using Dashboard.Sockets.Listeners;

namespace Dashboard.Web.Features.Listeners;

/// <summary>
/// Owns the listeners' lifecycle in the dashboard: stops each when its TTL runs out, and on shutdown
/// closes every open one as interrupted, so watchers are told why.
/// </summary>
internal sealed class ListenerExpiry(ListenerManager listeners) : BackgroundService
{
    public const string ShutdownReason = "the server is shutting down";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => listeners.RunExpiryAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await listeners.InterruptAllAsync(ShutdownReason, cancellationToken);
    }
}
