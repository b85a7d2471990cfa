using Dashboard.Web.Components.Support;
using Dashboard.Web.Features.History.Storage;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// Renews this instance's lease in the database and, as a survivor, ends what instances that stopped renewing theirs
/// left running: their scans and listeners are marked <c>interrupted</c> (watchers of a scan see the stored end; calls
/// waiting on the instance fail at once). Also knows which other instances are alive, for listings across them.
/// </summary>
public sealed class InstanceLeases(IServiceScopeFactory scopes, InstanceIdentity me, IOptions<ScaleOutOptions> options, TimeProvider time,
    PeerBus bus, IScanStoredSignal scanStored, ILogger<InstanceLeases> logger) : BackgroundService
{
    private volatile string[] _peers = [];

    /// <summary>The other instances whose lease held at the last look.</summary>
    public IReadOnlyList<string> Peers => _peers;

    private ScaleOutOptions Options => options.Value;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before any work is taken: a survivor must never see this instance without a lease while it runs something.
        await RenewAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Options.RenewSeconds), time);
        do
        {
            try
            {
                await RenewAsync(stoppingToken);
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ScaleOutLog.LeaseFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Gone on purpose: expired now, so survivors clean up at their next look rather than after the whole lease.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            await db.InstanceLeases.Where(l => l.Name == me.Name).ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAtMs, 0L), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ScaleOutLog.LeaseFailed(logger, e.Message);
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (Options.LeaseSeconds * 1000L);
        var renewed = await db.InstanceLeases.Where(l => l.Name == me.Name).ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAtMs, until), cancellationToken);
        if (renewed == 0)
        {
            db.InstanceLeases.Add(new InstanceLease { Name = me.Name, ExpiresAtMs = until, StartedAtMs = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another start of the same name inserted it meanwhile: the next renewal updates it.
            }
        }
    }

    /// <summary>Marks interrupted what instances without a live lease left running; returns how many items.</summary>
    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var leases = await db.InstanceLeases.AsNoTracking().ToListAsync(cancellationToken);
        _peers = [.. leases.Where(l => l.ExpiresAtMs >= now && l.Name != me.Name).Select(l => l.Name)];
        var alive = leases.Where(l => l.ExpiresAtMs >= now).Select(l => l.Name).Append(me.Name).ToList();
        var orphans = await db.HistoryItems
            .Where(i => HistoryRecovery.Unfinished.Contains(i.State) && i.Instance != null && !alive.Contains(i.Instance))
            .Select(i => new { i.Id, i.Instance })
            .ToListAsync(cancellationToken);
        var total = 0;
        foreach (var gone in orphans.GroupBy(o => o.Instance!))
        {
            var ids = gone.Select(o => o.Id).ToList();
            var interrupted = WireName.Of(Contracts.Scan.ScanState.Interrupted);
            // Still unfinished and still that instance's: a survivor beside this one may have marked them first.
            var count = await db.HistoryItems.Where(i => ids.Contains(i.Id) && HistoryRecovery.Unfinished.Contains(i.State) && i.Instance == gone.Key)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.State, interrupted).SetProperty(i => i.EndedAtMs, now), cancellationToken);
            total += count;
            ScaleOutLog.Expired(logger, gone.Key, count);
            // Their ends are stored: mirrors of those scans, here and elsewhere, read them now.
            ids.ForEach(scanStored.Stored);
        }

        foreach (var expired in leases.Where(l => l.ExpiresAtMs < now && l.Name != me.Name))
        {
            bus.InstanceGone(expired.Name);
        }

        return total;
    }
}
