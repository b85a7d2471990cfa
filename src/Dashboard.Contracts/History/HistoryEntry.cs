namespace Dashboard.Contracts.History;

/// <summary>One remembered item as <c>GET /api/history</c> lists it.</summary>
/// <param name="Id">Its id: a scan's or listener's own, or a probe's or UDP send's.</param>
/// <param name="Kind"><c>probe</c>, <c>scan</c>, <c>udp</c> or <c>listener</c>.</param>
/// <param name="Owner">Who ran or opened it.</param>
/// <param name="State">Its state's wire name: a probe's (<c>open</c>...), a UDP send's (<c>replied</c>...), a scan's (<c>completed</c>, <c>interrupted</c>...), a listener's (<c>stopped</c>, <c>interrupted</c>...).</param>
/// <param name="Target">What it was aimed at: <c>host:port</c>, a scan's targets and ports, a listener's protocol and endpoint.</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="EndedAt">When it ended (UTC); null while running.</param>
/// <param name="Items">A scan's stored results or a listener's stored events.</param>
/// <param name="Bytes">What it holds in the database (before the database's own overhead).</param>
/// <param name="Link">Its page in the dashboard, relative: <c>scan/{id}</c>, <c>listeners/{id}</c>, <c>probe/{id}</c>, <c>udp/{id}</c>.</param>
public sealed record HistoryEntry(
    string Id,
    string Kind,
    string Owner,
    string State,
    string Target,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    long Items,
    long Bytes,
    string Link);

/// <summary>A page of <see cref="HistoryEntry"/>, newest first.</summary>
/// <param name="Page">From 1.</param>
/// <param name="PageSize">Entries per page.</param>
/// <param name="Total">Entries matching the filters, all pages.</param>
/// <param name="Items">This page's entries.</param>
public sealed record HistoryPage(int Page, int PageSize, int Total, IReadOnlyList<HistoryEntry> Items);
