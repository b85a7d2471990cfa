using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// The seam to the history: a scan with a journal shows watchers, pages and exports only what the journal
/// has stored (its visible count), so whatever a user saw of it survives a crash; and it is only
/// finished once the journal has stored its end.
/// </summary>
public interface IScanJournal
{
    /// <summary>The scan started: store it, then its results in batches, calling <see cref="ScanJob.Publish"/> after each.</summary>
    void Started(ScanJob job);

    /// <summary>The scan ended (its outcome is set): store the rest and the end, and publish everything.</summary>
    Task EndedAsync(ScanJob job);
}

/// <summary>Stored scans, for ids the registry no longer (or never, since this start) holds.</summary>
public interface IScanArchive
{
    /// <summary>The stored scan as a finished job, or null.</summary>
    ScanJob? Load(string scanId);

    /// <summary>Whether scans are kept here past the registry's retention (a history): what a user is told of an unknown id.</summary>
    bool KeepsScans { get; }
}

public sealed partial class ScanJob
{
    private long _published;
    private int _publishedHosts;
    private volatile bool _unjournaled;

    /// <summary>Where results are stored before they are shown; null: shown as they arrive.</summary>
    internal IScanJournal? Journal { get; init; }

    /// <summary>Results watchers, pages and exports may read: all that arrived, or with a journal those stored.</summary>
    public long Visible => Journal is null || _unjournaled ? Results.Count : Volatile.Read(ref _published);

    /// <summary>Hosts that may be read; the caller holds the hosts' lock.</summary>
    private int VisibleHosts => Journal is null || _unjournaled ? _hosts.Count : Volatile.Read(ref _publishedHosts);

    /// <summary>Every host decided so far, stored or not: for the journal.</summary>
    internal List<HostResult> HostsAfter(int skip)
    {
        lock (_hosts)
        {
            return _hosts.Count > skip ? _hosts.GetRange(skip, _hosts.Count - skip) : [];
        }
    }

    /// <summary>The journal has stored the first <paramref name="results"/> results and <paramref name="hosts"/> hosts: show them.</summary>
    internal void Publish(long results, int hosts)
    {
        Volatile.Write(ref _publishedHosts, hosts);
        Volatile.Write(ref _published, results);
    }

    /// <summary>The journal failed (the database refused): show everything as it arrives rather than nothing.</summary>
    internal void StopJournaling() => _unjournaled = true;

    private async Task JournalEndAsync(ILogger logger)
    {
        if (Journal is null)
        {
            return;
        }

        try
        {
            await Journal.EndedAsync(this);
        }
        catch (Exception e)
        {
            StopJournaling();
            History.Storage.HistoryLog.JournalFailed(logger, Id, e);
        }
    }

    /// <summary>A scan as stored: finished, with its results and hosts, for watchers, pages and exports.</summary>
    internal static ScanJob Restore(string id, ScanRequest request, ScanPlan plan, string owner, DateTimeOffset startedAt,
        StoredEnd end, IEnumerable<HostResult> hosts, IEnumerable<ProbeResult> results)
    {
        var job = new ScanJob(id, request, plan, owner, startedAt);
        job._hosts.AddRange(hosts);
        foreach (var result in results)
        {
            job.Results.Append(result);
            if (result.State == ProbeState.Open)
            {
                job.OpenCount++;
            }
        }

        job.Outcome = end.Outcome;
        job.Reason = end.Reason;
        job.FinishedAt = end.FinishedAt;
        job._elapsedTicks = (long)(end.ElapsedMs * System.Diagnostics.Stopwatch.Frequency / 1000.0);
        job._finished.TrySetResult();
        return job;
    }

    /// <summary>How a stored scan ended.</summary>
    internal sealed record StoredEnd(ScanOutcome Outcome, string? Reason, DateTimeOffset? FinishedAt, double ElapsedMs);
}
