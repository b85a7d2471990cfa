using Dashboard.Contracts.Scan;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>A scan's plan and end as its history item's summary holds them (JSON).</summary>
/// <param name="Addresses">Each target as written and the address scanned, in plan order.</param>
/// <param name="TimeoutMs">The plan's timeout.</param>
/// <param name="Concurrency">The plan's concurrency.</param>
/// <param name="Reason">Why it was cancelled, interrupted or failed; null while running or when completed.</param>
/// <param name="ElapsedMs">Its whole run, once ended.</param>
/// <param name="Counts">Its results per state, once ended.</param>
/// <param name="StartedAt">Its start to the tick: the origin of its results' times (the item's column has milliseconds).</param>
public sealed record StoredScan(
    IReadOnlyList<StoredTarget> Addresses,
    int TimeoutMs,
    int Concurrency,
    string? Reason = null,
    double? ElapsedMs = null,
    ScanCounts? Counts = null,
    DateTimeOffset? StartedAt = null);

/// <summary>A target as written and the address scanned.</summary>
public sealed record StoredTarget(string Label, string Address);
