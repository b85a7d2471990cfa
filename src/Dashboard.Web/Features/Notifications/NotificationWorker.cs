namespace Dashboard.Web.Features.Notifications;

/// <summary>Delivers what <see cref="PendingDeliveries"/> holds, <see cref="NotificationOptions.ConcurrentDeliveries"/> at a time.</summary>
public sealed class NotificationWorker(PendingDeliveries queue, ChannelDelivery delivery, Microsoft.Extensions.Options.IOptions<NotificationOptions> options,
    ILogger<NotificationWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.ConcurrentDeliveries).Select(_ => DeliverAsync(stoppingToken)));

    private async Task DeliverAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var queued in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await delivery.DeliverAsync(queued.ChannelId, queued.Notice, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // A database that went away must not end the worker: the next delivery tries again.
                    NotificationLog.WorkerFault(logger, queued.ChannelName, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
