using System.Net;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Features.Scan;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>
/// Rebuilds a stored scan as a finished <see cref="ScanJob"/>, so the scan page, the hub, the REST API and the exports
/// read it as they read a live one. Ended scans, once decoded, are kept in <see cref="DecodedScans"/> (bounded by their
/// results, least recently read out first), so paging through a large stored scan decodes its chunks once, not per page.
/// </summary>
internal sealed class ScanArchive(HistoryStore store, IOptions<HistoryOptions> options) : IScanArchive
{
    private readonly DecodedScans _decoded = new(options.Value.DecodedScanResults);

    /// <summary>What a scan that was running when the server died says it ended with.</summary>
    public const string CrashReason = "the server stopped while it ran; what arrived before is kept";

    public ScanJob? Load(string scanId) => LoadAsync(scanId, CancellationToken.None).GetAwaiter().GetResult();

    public bool KeepsScans => true;

    public async Task<ScanJob?> LoadAsync(string scanId, CancellationToken cancellationToken)
    {
        // The row is read every time: a scan retention deleted is gone, even when it is still decoded here.
        var item = await store.FindAsync(scanId, cancellationToken);
        if (item is null || item.Kind != HistoryKinds.Scan)
        {
            _decoded.Forget(scanId);
            return null;
        }

        if (item.EndedAtMs is not null && _decoded.Find(scanId) is { } decoded)
        {
            return decoded;
        }

        var job = await DecodeAsync(item, cancellationToken);
        if (item.EndedAtMs is not null)
        {
            // Only ended scans: one still running elsewhere (or not yet recovered) may have more results later.
            _decoded.Keep(job);
        }

        return job;
    }

    /// <summary>Decoded scans kept now, and their results (for tests and metrics).</summary>
    public (int Scans, long Results) Decoded => _decoded.Size;

    private async Task<ScanJob> DecodeAsync(HistoryItem item, CancellationToken cancellationToken)
    {
        var request = JsonChunk.Read<ScanRequest>(item.Request)!;
        var stored = JsonChunk.Read<StoredScan>(item.Summary)!;
        var origin = stored.StartedAt ?? item.StartedAt;
        var chunks = await store.ChunksAsync(item.Id, HistoryStreams.ScanResults, cancellationToken);
        // Decoded a chunk at a time straight into the job's compact log: a million stored results never stand as a million objects at once.
        IEnumerable<ProbeResult> Results() => chunks.SelectMany(chunk => ScanChunkCodec.Decode(chunk.Data, origin));

        var hosts = new List<HostResult>();
        foreach (var chunk in await store.ChunksAsync(item.Id, HistoryStreams.ScanHosts, cancellationToken))
        {
            hosts.AddRange(JsonChunk.Decode<HostResult>(chunk.Data));
        }

        var plan = new ScanPlan([.. stored.Addresses.Select(a => new ResolvedTarget(a.Label, IPAddress.Parse(a.Address)))],
            PortsOf(request, Results), stored.TimeoutMs, stored.Concurrency);
        var outcome = OutcomeOf(item.State);
        var reason = stored.Reason ?? (outcome == ScanOutcome.Interrupted ? CrashReason : null);
        var elapsed = stored.ElapsedMs ?? ((item.EndedAtMs ?? item.StartedAtMs) - item.StartedAtMs);
        return ScanJob.Restore(item.Id, request, plan, item.Owner, origin, new ScanJob.StoredEnd(outcome, reason, item.EndedAt, elapsed), hosts,
            Results());
    }

    /// <summary>Running (a crash not yet recovered, or another instance's) reads as interrupted: nothing more will come here.</summary>
    public static ScanOutcome OutcomeOf(string state) => state switch
    {
        "completed" => ScanOutcome.Completed,
        "cancelled" => ScanOutcome.Cancelled,
        "failed" => ScanOutcome.Failed,
        _ => ScanOutcome.Interrupted,
    };

    private static int[] PortsOf(ScanRequest request, Func<IEnumerable<ProbeResult>> results)
    {
        try
        {
            return PortSpec.Parse(request.Ports);
        }
        catch (InvalidRequestException)
        {
            // A named set this build no longer knows: the ports that have results (decoded once more, for this rare case).
            return [.. results().Select(r => r.Port).Distinct().Order()];
        }
    }
}
