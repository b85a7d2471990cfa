namespace Dashboard.Web.Features.Notifications;

/// <summary>
/// Delivers what <see cref="PendingDeliveries"/> holds, <see cref="NotificationOptions.ConcurrentDeliveries"/> at a time,
/// oldest first. At start it first takes back what it had claimed when it last stopped.
/// </summary>
public sealed class NotificationWorker(PendingDeliveries queue, ChannelDelivery delivery, Microsoft.Extensions.Options.IOptions<NotificationOptions> options,
    ILogger<NotificationWorker> logger) : BackgroundService
{
    /// <summary>How often an idle worker looks for deliveries queued by another instance that can no longer make them.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await queue.ReleaseOwnClaimsAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            NotificationLog.QueueFault(logger, e);
        }

        await Task.WhenAll(Enumerable.Range(0, options.Value.ConcurrentDeliveries).Select(_ => DeliverAsync(stoppingToken)));
    }

    private async Task DeliverAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ClaimedNotice? claimed = null;
                try
                {
                    claimed = await queue.ClaimAsync(stoppingToken);
                    if (claimed is null)
                    {
                        await queue.WaitAsync(Poll, stoppingToken);
                        continue;
                    }

                    await delivery.DeliverAsync(claimed.Queued.ChannelId, claimed.Queued.Notice, stoppingToken);
                    await queue.DoneAsync(claimed.Id, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // A database that went away must not end the worker: the delivery waits until its claim runs out.
                    NotificationLog.WorkerFault(logger, claimed?.Queued.ChannelName ?? "(none claimed)", e);
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
