using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Notifications;

/// <summary>
/// Deliveries waiting for <see cref="NotificationWorker"/>: bounded by <see cref="NotificationOptions.QueueCapacity"/>.
/// Queueing never waits; when it is full the delivery is dropped and counted (the caller audits it).
/// </summary>
public sealed class PendingDeliveries(IOptions<NotificationOptions> options)
{
    private readonly Channel<QueuedNotice> _queue = Channel.CreateBounded<QueuedNotice>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });

    private long _dropped;

    public int Capacity { get; } = options.Value.QueueCapacity;

    public int Queued => _queue.Reader.Count;

    /// <summary>Deliveries dropped since the start because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal ChannelReader<QueuedNotice> Reader => _queue.Reader;

    /// <summary>False when the queue is full: the delivery is dropped and counted.</summary>
    public bool TryEnqueue(QueuedNotice notice)
    {
        if (_queue.Writer.TryWrite(notice))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    public DeliveryQueueView View() => new(Capacity, Queued, Dropped);
}

/// <summary>One delivery to make: the channel is read again when it is made (it may have changed or gone meanwhile).</summary>
public sealed record QueuedNotice(string ChannelId, string ChannelName, Notice Notice);
