using System.Globalization;

namespace Dashboard.Web.Features.Audit;

/// <summary>What the audit page, <c>GET /api/audit</c> and the CSV export select; every part optional.</summary>
/// <param name="User">The actor's name, exactly (case as stored).</param>
/// <param name="Action">One of <see cref="AuditActions.All"/>.</param>
/// <param name="Outcome">Ok, refused or failed.</param>
/// <param name="From">From this instant on (inclusive).</param>
/// <param name="To">Before this instant (exclusive).</param>
public sealed record AuditFilter(string? User = null, string? Action = null, AuditOutcome? Outcome = null, DateTimeOffset? From = null,
    DateTimeOffset? To = null)
{
    /// <summary>
    /// The filter as a query writes it. Times are ISO 8601 (<c>2026-11-26T10:00:00Z</c>; without an offset, UTC);
    /// a bare date in <c>to</c> includes that whole day.
    /// </summary>
    /// <exception cref="InvalidRequestException">An unknown action or outcome, or a time that does not parse, named by its field.</exception>
    public static AuditFilter Parse(string? user, string? action, string? outcome, string? from, string? to)
    {
        action = Blank(action)?.ToLowerInvariant();
        if (action is not null && !AuditActions.All.Contains(action))
        {
            throw new InvalidRequestException($"action: '{action}' is not an audited action: {string.Join(", ", AuditActions.All)}");
        }

        AuditOutcome? parsed = null;
        if (Blank(outcome) is { } name)
        {
            parsed = Enum.TryParse<AuditOutcome>(name, ignoreCase: true, out var value) && Enum.IsDefined(value) && !char.IsDigit(name[0])
                ? value
                : throw new InvalidRequestException($"outcome: '{name}' is not an outcome: ok, refused, failed");
        }

        var start = Time(from, "from", endOfDay: false);
        var end = Time(to, "to", endOfDay: true);
        if (start is not null && end is not null && end <= start)
        {
            throw new InvalidRequestException($"to must be after from, got from {start:O} to {end:O}");
        }

        return new AuditFilter(Blank(user), action, parsed, start, end);
    }

    private static DateTimeOffset? Time(string? text, string field, bool endOfDay)
    {
        if (Blank(text) is not { } value)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? midnight.AddDays(1) : midnight;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw new InvalidRequestException($"{field} must be an ISO 8601 date or time (2026-11-26 or 2026-11-26T10:00:00Z), got '{value}'");
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
