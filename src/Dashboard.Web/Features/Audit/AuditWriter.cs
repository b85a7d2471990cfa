using Dashboard.Web.Persistence;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Audit;

/// <summary>
/// Drains <see cref="AuditQueue"/>'s queue into the database, up to <see cref="AuditOptions.BatchSize"/>
/// rows per write. Registered before the services that audit, so it stops after them and writes their
/// last rows (an interrupted scan, the listeners closed at shutdown) before the app ends.
/// </summary>
internal sealed class AuditWriter(AuditQueue log, IServiceScopeFactory scopes, IOptions<AuditOptions> options, ILogger<AuditWriter> logger)
    : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        log.Draining = true;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await log.Reader.WaitToReadAsync(stoppingToken))
            {
                // A batch started is finished even when the host begins to stop: StopAsync writes the rest.
                await WriteAvailableAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await WriteAvailableAsync(cancellationToken);
        log.Draining = false;
    }

    private async Task WriteAvailableAsync(CancellationToken cancellationToken)
    {
        var batchSize = options.Value.BatchSize;
        var batch = new List<AuditEntry>(Math.Min(batchSize, log.Reader.Count));
        var written = new List<TaskCompletionSource>();
        while (log.Reader.TryRead(out var item))
        {
            if (item.Entry is { } entry)
            {
                batch.Add(entry);
            }
            else
            {
                written.Add(item.Written!);
            }

            if (batch.Count == batchSize)
            {
                await SaveAsync(batch, cancellationToken);
                batch = new List<AuditEntry>(batchSize);
            }
        }

        if (batch.Count > 0)
        {
            await SaveAsync(batch, cancellationToken);
        }

        written.ForEach(w => w.TrySetResult());
    }

    private async Task SaveAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            db.AuditEntries.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The request path never waits for the trail, so a database that refuses costs rows, counted and logged.
            AuditTrailLog.BatchFailed(logger, batch.Count, e);
            log.CountDropped(batch.Count);
        }
    }
}
