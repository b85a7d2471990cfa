using Dashboard.Web.Features.Audit;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>
/// Deletes what is past its time: history items older than <see cref="HistoryOptions.MaxAgeDays"/>, then the
/// oldest until the history fits <see cref="HistoryOptions.MaxSizeMb"/>, and audit rows older than
/// <see cref="HistoryOptions.AuditMaxAgeDays"/>. The only thing that deletes either; each pass that deletes
/// writes an audit row saying what it deleted. Items still running are never deleted.
/// </summary>
public sealed class HistoryRetention(IServiceScopeFactory scopes, IOptions<HistoryOptions> options, TimeProvider time, AuditQueue audit,
    ILogger<HistoryRetention> logger) : BackgroundService
{
    private const int DeleteBatch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                HistoryLog.RetentionFailed(logger, e);
            }

            try
            {
                await Task.Delay(TimeSpan.FromMinutes(options.Value.RetentionIntervalMinutes), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: what it deleted.</summary>
    public async Task<RetentionPass> PruneAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var now = time.GetUtcNow();
        var finished = db.HistoryItems.Where(i => !HistoryRecovery.Unfinished.Contains(i.State));
        var doomed = new List<(string Id, long Bytes)>();
        if (settings.MaxAgeDays > 0)
        {
            var cutoff = (now - TimeSpan.FromDays(settings.MaxAgeDays)).ToUnixTimeMilliseconds();
            doomed.AddRange((await finished.Where(i => i.StartedAtMs < cutoff).Select(i => new { i.Id, i.Bytes }).ToListAsync(cancellationToken))
                .Select(i => (i.Id, i.Bytes)));
        }

        if (settings.MaxSizeMb > 0)
        {
            var limit = settings.MaxSizeMb * 1024 * 1024;
            var total = await db.HistoryItems.SumAsync(i => i.Bytes, cancellationToken) - doomed.Sum(d => d.Bytes);
            var already = doomed.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var skip = 0;
            while (total > limit)
            {
                var oldest = await finished.OrderBy(i => i.StartedAtMs).ThenBy(i => i.Id).Skip(skip).Take(DeleteBatch)
                    .Select(i => new { i.Id, i.Bytes }).ToListAsync(cancellationToken);
                if (oldest.Count == 0)
                {
                    break;
                }

                skip += oldest.Count;
                foreach (var item in oldest.Where(i => !already.Contains(i.Id)))
                {
                    if (total <= limit)
                    {
                        break;
                    }

                    doomed.Add((item.Id, item.Bytes));
                    total -= item.Bytes;
                }
            }
        }

        foreach (var batch in doomed.Select(d => d.Id).Chunk(DeleteBatch))
        {
            await db.HistoryChunks.Where(c => batch.Contains(c.ItemId)).ExecuteDeleteAsync(cancellationToken);
            await db.HistoryItems.Where(i => batch.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        var auditRows = 0;
        if (settings.AuditMaxAgeDays > 0)
        {
            var cutoff = (now - TimeSpan.FromDays(settings.AuditMaxAgeDays)).ToUnixTimeMilliseconds();
            auditRows = await db.AuditEntries.Where(e => e.AtMs < cutoff).ExecuteDeleteAsync(cancellationToken);
        }

        var pass = new RetentionPass(doomed.Count, doomed.Sum(d => d.Bytes), auditRows);
        if (pass.Items > 0)
        {
            Record(AuditActions.HistoryPrune, "history",
                $"{pass.Items} items ({pass.Bytes:N0} bytes) deleted: older than {settings.MaxAgeDays} days or beyond {settings.MaxSizeMb} MB");
        }

        if (auditRows > 0)
        {
            Record(AuditActions.AuditPrune, "audit", $"{auditRows} rows older than {settings.AuditMaxAgeDays} days deleted");
        }

        if (pass.Items > 0 || auditRows > 0)
        {
            HistoryLog.Pruned(logger, pass.Items, pass.Bytes, settings.MaxAgeDays, settings.MaxSizeMb, auditRows, settings.AuditMaxAgeDays);
        }

        return pass;
    }

    // The server's own act: no actor, no door, as a listener's expiry is written.
    private void Record(string action, string target, string detail) =>
        audit.Append(new AuditEntry { AtMs = audit.Now, ActorName = "retention", Action = action, Target = target, Outcome = AuditOutcome.Ok, Detail = detail });
}

/// <summary>What one retention pass deleted.</summary>
public sealed record RetentionPass(int Items, long Bytes, int AuditRows);
