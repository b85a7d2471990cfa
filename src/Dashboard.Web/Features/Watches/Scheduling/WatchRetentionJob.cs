using Dashboard.Web.Features.Watches.Runs;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace Dashboard.Web.Features.Watches.Scheduling;

/// <summary>
/// Hourly, on one instance: raw runs older than <c>Watches:RawRunDays</c> go (their hours stay, counted as they were
/// written), hourly figures and ended incidents older than <c>Watches:HourlyDays</c> go.
/// </summary>
[DisallowConcurrentExecution]
public sealed class WatchRetentionJob(IServiceScopeFactory scopes, IOptions<WatchOptions> options, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("retention", "watch-maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await PruneAsync(cancellationToken);

    public async Task<(int Runs, int Hours, int Incidents)> PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var rawBefore = now - options.Value.RawRunDays * 86_400_000L;
        var hourlyBefore = WatchRecorder.HourOf(now - options.Value.HourlyDays * 86_400_000L);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var runs = await db.WatchRuns.Where(r => r.AtMs < rawBefore).ExecuteDeleteAsync(cancellationToken);
        var hours = await db.WatchHours.Where(h => h.HourMs < hourlyBefore).ExecuteDeleteAsync(cancellationToken);
        var incidents = await db.WatchIncidents.Where(i => i.EndedAtMs != null && i.EndedAtMs < hourlyBefore).ExecuteDeleteAsync(cancellationToken);
        return (runs, hours, incidents);
    }
}
