namespace Dashboard.Web.Features.Audit;

/// <summary>An audit row on the wire (<c>GET /api/audit</c>): names in lower case, the time as ISO 8601.</summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, string ActorId, string ActorName, string? Role, string? ClientAddress, string? Door,
    string Action, string Target, string Outcome, string? RefusalKind, string Detail)
{
    public static AuditRecord From(AuditEntry entry) =>
        new(entry.Id, entry.At, entry.ActorId, entry.ActorName, entry.Role?.ToString(), entry.ClientAddress, entry.Door?.ToString().ToLowerInvariant(),
            entry.Action, entry.Target, entry.Outcome.ToString().ToLowerInvariant(), entry.RefusalKind is { } kind ? AuditEntry.KindName(kind) : null, entry.Detail);
}

/// <summary>One page of the trail, newest first, and how many rows match in all.</summary>
/// <param name="Items">The page's rows.</param>
/// <param name="Total">Rows matching the filter in all.</param>
/// <param name="Page">From 1.</param>
/// <param name="PageSize">Rows per page.</param>
/// <param name="Dropped">Rows lost since the server started (queue full or database refused): nonzero means the trail has gaps.</param>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, long Total, int Page, int PageSize, long Dropped);
