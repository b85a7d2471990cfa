using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets;
using Dashboard.Sockets.Scanning;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// The scans of this server by id: starts them (within <see cref="ScanJobOptions.MaxRunning"/>), finds
/// them for watchers, and forgets finished ones after <see cref="ScanJobOptions.RetainMinutes"/> or
/// beyond <see cref="ScanJobOptions.MaxRetained"/>.
/// </summary>
public sealed class ScanJobs(
    ScanPlanner planner,
    NetworkScanner scanner,
    IOptions<ScanJobOptions> options,
    TimeProvider time,
    ILogger<ScanJobs> logger)
{
    private readonly ConcurrentDictionary<string, ScanJob> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ScanJobOptions Options => options.Value;

    /// <summary>Plans the scan (every rule checked, names resolved) and starts it.</summary>
    /// <exception cref="InvalidRequestException">A rule is broken, or too many scans are running.</exception>
    public async Task<ScanJob> StartAsync(ScanRequest? request, string owner, CancellationToken cancellationToken)
    {
        var plan = await planner.PlanAsync(request, cancellationToken);
        ScanJob job;
        lock (_gate)
        {
            Forget();
            var running = _jobs.Values.Count(j => !j.IsFinished);
            if (running >= Options.MaxRunning)
            {
                throw new InvalidRequestException(
                    $"{running} scans are running, the most this server runs at once ({ScanJobOptions.Section}:MaxRunning); wait for one to finish or cancel one");
            }

            job = new ScanJob(NewId(), request!, plan, owner, time.GetUtcNow());
            _jobs[job.Id] = job;
        }

        ScanLog.Started(logger, job.Id, owner, plan.Targets.Count, plan.Ports.Count, plan.Total, plan.TimeoutMs, plan.Concurrency);
        _ = Task.Run(async () =>
        {
            await job.RunAsync(scanner, time, logger);
            ScanLog.Finished(logger, job.Id, job.Outcome!, job.Results.Count, plan.Total, job.OpenCount, job.ElapsedMs);
        }, CancellationToken.None);
        return job;
    }

    /// <summary>A running or recently finished scan.</summary>
    /// <exception cref="InvalidRequestException">No such scan (never was, or forgotten).</exception>
    public ScanJob Get(string? scanId) =>
        TryGet(scanId, out var job) ? job : throw new InvalidRequestException(NotFound(scanId));

    public bool TryGet(string? scanId, [NotNullWhen(true)] out ScanJob? job)
    {
        job = null;
        return scanId is not null && _jobs.TryGetValue(scanId, out job);
    }

    /// <summary>What to say of an id that names no scan.</summary>
    public string NotFound(string? scanId) =>
        $"scanId '{scanId}' is not a running or recent scan (finished scans are kept {Options.RetainMinutes} minutes)";

    /// <summary>Running and retained scans, newest first.</summary>
    public IReadOnlyList<ScanJob> Recent()
    {
        lock (_gate)
        {
            Forget();
        }

        return [.. _jobs.Values.OrderByDescending(j => j.StartedAt)];
    }

    private void Forget()
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromMinutes(Options.RetainMinutes);
        var finished = _jobs.Values.Where(j => j.IsFinished).OrderByDescending(j => j.FinishedAt).ToList();
        foreach (var job in finished.Skip(Options.MaxRetained).Concat(finished.Where(j => j.FinishedAt < cutoff)))
        {
            if (_jobs.TryRemove(job.Id, out _))
            {
                job.Dispose();
            }
        }
    }

    // Unguessable: a scan's results are visible to whoever has its id, until accounts exist.
    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
