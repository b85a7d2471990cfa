using System.Text.Json.Serialization;
using Dashboard.Contracts.Probe;

namespace Dashboard.Contracts.Scan;

/// <summary>A scan as <c>GET /api/scans/{id}</c> and <c>GET /api/scans</c> report it.</summary>
/// <param name="ScanId">Its id.</param>
/// <param name="State">Running, or how it ended.</param>
/// <param name="Targets">The targets as requested.</param>
/// <param name="Ports">The ports as requested.</param>
/// <param name="Owner">Who started it.</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="FinishedAt">When it ended (UTC), or null while running.</param>
/// <param name="Addresses">Addresses covered, names resolved.</param>
/// <param name="Completed">Probes finished.</param>
/// <param name="Total">Probes it makes: addresses × ports.</param>
/// <param name="Counts">Finished probes per state.</param>
/// <param name="ElapsedMs">Milliseconds since it started, or its whole run once finished.</param>
/// <param name="Reason">Why it was cancelled, interrupted or failed.</param>
/// <param name="DeniedAddresses">Addresses the target policy skipped (every port denied): nothing was sent to them.</param>
/// <param name="DeniedPorts">Ports the target policy skipped for every address.</param>
/// <param name="PolicyNote">The first denial, naming its rule, when anything was skipped.</param>
public sealed record ScanStatus(
    string ScanId,
    ScanState State,
    string Targets,
    string Ports,
    string Owner,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int Addresses,
    long Completed,
    long Total,
    ScanCounts Counts,
    double ElapsedMs,
    string? Reason,
    int DeniedAddresses = 0,
    int DeniedPorts = 0,
    string? PolicyNote = null)
{
    /// <summary>The vantage point it runs at.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? From { get; init; }
}

/// <summary>Where a scan is: running, or how it ended.</summary>
[JsonConverter(typeof(WireEnumConverter<ScanState>))]
public enum ScanState
{
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("interrupted")] Interrupted,
}

/// <summary>One page of a scan's results, by host and port (or in arrival order, as asked), optionally of some states only.</summary>
/// <param name="ScanId">The scan.</param>
/// <param name="Page">This page, from 1.</param>
/// <param name="PageSize">Results per page.</param>
/// <param name="Matching">Results so far of the states asked for, all pages.</param>
/// <param name="Results">This page's results.</param>
/// <param name="Done">True once the scan has ended: no more results will come.</param>
public sealed record ScanResultsPage(string ScanId, int Page, int PageSize, long Matching, IReadOnlyList<ProbeResult> Results, bool Done);
