using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.History.Storage;

namespace Dashboard.Web.Features.History;

/// <summary>The history's filters as a query or the page writes them.</summary>
public static class HistoryQuery
{
    /// <summary>Times as the audit trail's filters read them (ISO 8601; a bare date in <c>to</c> includes the day).</summary>
    /// <exception cref="InvalidRequestException">A time that does not parse, named by its field.</exception>
    public static HistoryFilter Parse(string? kind, string? user, string? state, string? from, string? to, string? q)
    {
        var times = AuditFilter.Parse(null, null, null, from, to);
        return new HistoryFilter(Blank(kind)?.ToLowerInvariant(), Blank(user), Blank(state)?.ToLowerInvariant(), times.From, times.To, Blank(q));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
