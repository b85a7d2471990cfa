using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;
using Dashboard.Web.Errors;
using Dashboard.Web.Operations;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// The scans of this server by id, and the hosted service that runs them: each scan's task is owned
/// here and awaited on shutdown, when running scans end <see cref="ScanOutcome.Interrupted"/>.
/// Finished scans are forgotten after <see cref="ScanJobOptions.RetainMinutes"/> or beyond <see cref="ScanJobOptions.MaxRetained"/>.
/// </summary>
public sealed class ScanJobs : IHostedService
{
    /// <summary>What watchers and the log are told when the server stops a scan.</summary>
    public const string ShutdownReason = "the server is shutting down";

    private readonly ConcurrentDictionary<string, ScanJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly IOptions<ScanJobOptions> _options;
    private readonly DashboardMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<ScanJobs> _logger;
    private readonly IScanJournal? _journal;
    private readonly IScanArchive _archive;
    private bool _stopping;

    // journal: stores each scan's results before watchers see them (the history); none: shown as they arrive.
    // archive: finds stored scans by id once they are no longer here.
    public ScanJobs(IOptions<ScanJobOptions> options, DashboardMetrics metrics, IMeterFactory meters, TimeProvider time,
        ILogger<ScanJobs> logger, IScanArchive archive, IScanJournal? journal = null)
    {
        (_options, _metrics, _time, _logger, _journal, _archive) = (options, metrics, time, logger, journal, archive);
        DashboardMetrics.Observe(meters, "dashboard.scans.running", "{scan}", "Scans running now", () => _running.Count);
    }

    public ScanJobOptions Options => _options.Value;

    /// <summary>Registers and starts a planned scan.</summary>
    /// <exception cref="RequestRefusedException">Too many scans running, or the server is stopping.</exception>
    /// <param name="request">As asked.</param>
    /// <param name="plan">Planned, and filtered by the policy.</param>
    /// <param name="owner">The actor's name.</param>
    /// <param name="vantage">Where it runs.</param>
    /// <param name="denials">What the policy removed.</param>
    /// <param name="checkOwner">Told, under the registry's lock, how many scans of <paramref name="owner"/> run: throws to refuse (the user's quota).</param>
    internal ScanJob Start(ScanRequest request, ScanPlan plan, string owner, IVantagePoint vantage, ScanDenials? denials = null, Action<int>? checkOwner = null)
    {
        ScanJob job;
        lock (_gate)
        {
            if (_stopping)
            {
                throw RequestRefusedException.LimitReached($"no scan can start: {ShutdownReason}");
            }

            Forget();
            if (_running.Count >= Options.MaxRunning)
            {
                throw RequestRefusedException.LimitReached(
                    $"{_running.Count} scans are running, the most this server runs at once ({ScanJobOptions.Section}:MaxRunning); wait for one to finish or cancel one");
            }

            checkOwner?.Invoke(_jobs.Values.Count(j => !j.IsFinished && j.Owner == owner));
            job = new ScanJob(NewId(), request, plan, owner, _time.GetUtcNow(), denials) { Journal = _journal, Vantage = vantage };
            _jobs[job.Id] = job;
            _journal?.Started(job);
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _running[job.Id] = RunAsync(job, registered.Task);
            registered.SetResult();
        }

        _metrics.ScanStarted();
        return job;
    }

    private async Task RunAsync(ScanJob job, Task registered)
    {
        // Runs on once the task is in the registry, off the thread of the request that started it.
        await registered;
        using var scope = _logger.BeginScope(new Dictionary<string, object?> { ["ScanId"] = job.Id, ["Actor"] = LogText.Escape(job.Owner) });
        ScanLog.Started(_logger, job.Id, job.Owner, job.AddressCount, job.PortCount, job.Total, job.Plan.TimeoutMs, job.Plan.Concurrency);
        var longest = TimeSpan.FromSeconds(Options.MaxDurationSeconds);
        await using var limit = _time.CreateTimer(_ => job.Cancel(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"it ran for the longest a scan may: {longest.TotalSeconds:N0} s ({ScanJobOptions.Section}:MaxDurationSeconds); what arrived is kept")),
            null, longest, Timeout.InfiniteTimeSpan);
        try
        {
            await job.RunAsync(job.Vantage.ScanAsync, _metrics, _time, _logger);
            ScanLog.Finished(_logger, job.Id, job.Outcome!.Value, job.Results.Count, job.Total, job.OpenCount, job.ElapsedMs);
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
        }
    }

    /// <summary>A running or recently finished scan.</summary>
    /// <exception cref="RequestRefusedException">Not found: never was, or forgotten.</exception>
    public ScanJob Get(string? scanId) =>
        TryGet(scanId, out var job) ? job : throw RequestRefusedException.NotFound(_archive.KeepsScans
            ? $"scanId '{scanId}' is not a running scan nor one in the history"
            : $"scanId '{scanId}' is not a running or recent scan (finished scans are kept {Options.RetainMinutes} minutes)");

    public bool TryGet(string? scanId, [NotNullWhen(true)] out ScanJob? job)
    {
        job = null;
        if (scanId is null)
        {
            return false;
        }

        job = _jobs.TryGetValue(scanId, out var known) ? known : _archive.Load(scanId);
        return job is not null;
    }

    /// <summary>Running and retained scans, newest first.</summary>
    public IReadOnlyList<ScanJob> Recent()
    {
        lock (_gate)
        {
            Forget();
        }

        return [.. _jobs.Values.OrderByDescending(j => j.StartedAt)];
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The last stop: whatever <see cref="InterruptAllAsync"/> did not reach in time.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => InterruptAllAsync(cancellationToken);

    /// <summary>
    /// Refuses new scans, interrupts every running one, and waits (until <paramref name="cancellationToken"/>)
    /// for each to record its end and for their watchers to receive their last batch.
    /// </summary>
    public async Task InterruptAllAsync(CancellationToken cancellationToken)
    {
        List<ScanJob> interrupted;
        lock (_gate)
        {
            _stopping = true;
            interrupted = [.. _jobs.Values.Where(j => !j.IsFinished)];
        }

        interrupted.ForEach(job => job.Interrupt(ShutdownReason));
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken);
        while (interrupted.Any(job => job.Watching > 0))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), _time, cancellationToken);
        }
    }

    private void Forget()
    {
        var cutoff = _time.GetUtcNow() - TimeSpan.FromMinutes(Options.RetainMinutes);
        var finished = _jobs.Values.Where(j => j.IsFinished).OrderByDescending(j => j.FinishedAt).ToList();
        foreach (var job in finished.Skip(Options.MaxRetained).Concat(finished.Where(j => j.FinishedAt < cutoff)))
        {
            if (_jobs.TryRemove(job.Id, out _))
            {
                job.Dispose();
            }
        }
    }

    // Unguessable: until accounts exist a scan's id is what lets one watch it.
    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
