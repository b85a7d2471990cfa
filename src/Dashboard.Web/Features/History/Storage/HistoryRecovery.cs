using Dashboard.Web.Components.Support;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>
/// At start, before the server takes requests: what was running or listening when the process last died
/// (kill -9, power) is marked interrupted, with what it had stored. SQLite is put in WAL mode, where a
/// committed batch survives the process being killed.
/// </summary>
/// <remarks>Scaled out, only this instance's items (and those of no instance, stored before there were instances): the others' are theirs, or a survivor's once their lease expired (<see cref="ScaleOut.InstanceLeases"/>).</remarks>
internal sealed class HistoryRecovery(IServiceScopeFactory scopes, TimeProvider time, IScanStoredSignal scanStored, ILogger<HistoryRecovery> logger,
    ScaleOut.InstanceIdentity instance)
    : IHostedService
{
    public static readonly string[] Unfinished = [WireName.Of(Contracts.Scan.ScanState.Running), WireName.Of(Contracts.Listeners.ListenerState.Listening)];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var interrupted = WireName.Of(Contracts.Scan.ScanState.Interrupted);
        var unfinished = db.HistoryItems.Where(i => Unfinished.Contains(i.State));
        var scaledOut = instance.ScaledOut;
        if (scaledOut)
        {
            var me = instance.Name;
            unfinished = unfinished.Where(i => i.Instance == me || i.Instance == null);
        }

        // Scaled out, other instances may follow these scans: their mirrors are told the ends are stored.
        var ids = scaledOut ? await unfinished.Select(i => i.Id).ToListAsync(cancellationToken) : [];
        var count = await unfinished
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.State, interrupted).SetProperty(i => i.EndedAtMs, now), cancellationToken);
        ids.ForEach(scanStored.Stored);
        if (count > 0)
        {
            HistoryLog.Recovered(logger, count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
