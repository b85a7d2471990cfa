using System.Text.Json.Serialization;
using Dashboard.Contracts.Probe;

namespace Dashboard.Contracts.Scan;

/// <summary>
/// A slice of a scan's results. Batched by count and by a short time window, never one message
/// per port. The last batch of a scan has <see cref="Done"/> true.
/// </summary>
/// <param name="ScanId">The scan's id: give it to <c>WatchScan</c> or <c>CancelScan</c>.</param>
/// <param name="Results">The results in this batch (only open ones when the scan is open-only).</param>
/// <param name="Completed">Probes finished so far, all states.</param>
/// <param name="Total">Probes the scan will make: targets × ports (the ports of hosts found down count as completed).</param>
/// <param name="Done">True on the scan's last batch.</param>
/// <param name="Counts">Finished probes per state so far.</param>
/// <param name="Outcome">On the last batch: <c>completed</c>, <c>cancelled</c>, <c>failed</c> or <c>interrupted</c> (the server stopped); null before.</param>
/// <param name="ElapsedMs">Milliseconds since the scan started.</param>
/// <param name="Hosts">Hosts decided since the previous batch (up with the method, down with why), left out when none; a host that is down has no port results.</param>
/// <param name="HostCounts">Hosts decided so far, per state; null for a scan from before host discovery existed.</param>
/// <param name="Compact">For a client that asked for <see cref="ScanRequest.Compact"/>: the results without endpoints, in columns
/// (those with endpoints stay in <see cref="Results"/>); left out otherwise.</param>
public sealed record ScanBatch(
    string ScanId,
    IReadOnlyList<ProbeResult> Results,
    long Completed,
    long Total,
    bool Done,
    ScanCounts Counts,
    ScanOutcome? Outcome,
    double ElapsedMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<HostResult>? Hosts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HostCounts? HostCounts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CompactResults? Compact = null)
{
    /// <summary>Every result in this batch, whole and compact, as <see cref="ProbeResult"/>s (not on the wire).</summary>
    public IEnumerable<ProbeResult> AllResults() => Compact is null ? Results : Results.Concat(Compact.Expand());

    /// <summary>How many results this batch carries, whole and compact (not on the wire).</summary>
    [JsonIgnore]
    public int ResultCount => Results.Count + (Compact?.Count ?? 0);
}

/// <summary>Finished probes per state.</summary>
public sealed record ScanCounts(long Open, long Closed, long Filtered, long Unreachable, long Error);
