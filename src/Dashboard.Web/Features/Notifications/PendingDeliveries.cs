using System.Text.Json;
using Dashboard.Web.Persistence;
using Dashboard.Web.ScaleOut;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Notifications;

/// <summary>
/// Deliveries waiting for <see cref="NotificationWorker"/>, in the database (table <c>NotificationDeliveries</c>): a
/// delivery queued is made even if the dashboard is killed before it is, by this instance when it starts again or by
/// another once the dead one's claim runs out. At least once: a delivery cut off by a crash is made again.
/// Bounded by <see cref="NotificationOptions.QueueCapacity"/> waiting deliveries; queueing never waits for a delivery,
/// and when the bound is reached the delivery is dropped and counted (the caller audits it).
/// </summary>
public sealed class PendingDeliveries(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, InstanceIdentity instance, TimeProvider time)
    : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _queued = new(0);
    private readonly SemaphoreSlim _counting = new(1, 1);
    private long _dropped;

    public int Capacity { get; } = options.Value.QueueCapacity;

    /// <summary>Deliveries dropped by this instance since its start because the bound was reached.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>A claimed delivery is this instance's to make for this long (every retry included), then anyone's again.</summary>
    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.TotalTimeoutSeconds + 30);

    /// <summary>Stores the delivery; false when the bound is reached: it is dropped and counted.</summary>
    public async Task<bool> TryEnqueueAsync(QueuedNotice notice, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var now = NowMs();
        // Counted and added under one lock: exact on one instance; scaled out, each instance may add one past it at once.
        await _counting.WaitAsync(cancellationToken);
        try
        {
            if (await Waiting(db, now).CountAsync(cancellationToken) >= Capacity)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }

            db.NotificationDeliveries.Add(new NotificationDeliveryRow
            {
                ChannelId = notice.ChannelId,
                ChannelName = notice.ChannelName,
                Notice = JsonSerializer.Serialize(notice.Notice, Json),
                QueuedAtMs = now,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _counting.Release();
        }

        _queued.Release();
        return true;
    }

    /// <summary>The oldest waiting delivery, now claimed by this instance; null when none waits.</summary>
    public async Task<ClaimedNotice?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        while (true)
        {
            var now = NowMs();
            var next = await Waiting(db, now).OrderBy(d => d.Id).FirstOrDefaultAsync(cancellationToken);
            if (next is null)
            {
                return null;
            }

            // Claimed only if nobody claimed it since it was read (another worker, another instance).
            var until = now + (long)Lease.TotalMilliseconds;
            var claimed = await db.NotificationDeliveries.Where(d => d.Id == next.Id && d.ClaimedUntilMs <= now)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.ClaimedBy, instance.Name).SetProperty(d => d.ClaimedUntilMs, until), cancellationToken);
            if (claimed == 1)
            {
                return new ClaimedNotice(next.Id, new QueuedNotice(next.ChannelId, next.ChannelName, JsonSerializer.Deserialize<Notice>(next.Notice, Json)!));
            }
        }
    }

    /// <summary>The delivery was made, or failed for good (counted on its channel): it leaves the queue.</summary>
    public async Task DoneAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        await db.NotificationDeliveries.Where(d => d.Id == id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>At start: what this instance had claimed when it stopped (or was killed) waits again, for it or another.</summary>
    public async Task<int> ReleaseOwnClaimsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var released = await db.NotificationDeliveries.Where(d => d.ClaimedBy == instance.Name)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.ClaimedBy, (string?)null).SetProperty(d => d.ClaimedUntilMs, 0L), cancellationToken);
        var waiting = await Waiting(db, NowMs()).CountAsync(cancellationToken);
        _queued.Release(Math.Max(waiting, 1));
        return released;
    }

    /// <summary>Waits until something is queued here, or <paramref name="poll"/> passes (work left by another instance).</summary>
    public Task WaitAsync(TimeSpan poll, CancellationToken cancellationToken) => _queued.WaitAsync(poll, cancellationToken);

    public async Task<DeliveryQueueView> ViewAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        return new(Capacity, await Waiting(db, NowMs()).CountAsync(cancellationToken), Dropped);
    }

    public void Dispose()
    {
        _queued.Dispose();
        _counting.Dispose();
    }

    private static IQueryable<NotificationDeliveryRow> Waiting(DashboardDb db, long now) => db.NotificationDeliveries.Where(d => d.ClaimedUntilMs <= now);

    private long NowMs() => time.GetUtcNow().ToUnixTimeMilliseconds();
}

/// <summary>One delivery to make: the channel is read again when it is made (it may have changed or gone meanwhile).</summary>
public sealed record QueuedNotice(string ChannelId, string ChannelName, Notice Notice);

/// <summary>A delivery this instance claimed, by its row.</summary>
public sealed record ClaimedNotice(long Id, QueuedNotice Queued);
