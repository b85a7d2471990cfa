using Dashboard.Web.Access;

namespace Dashboard.Web.Features.Audit;

/// <summary>
/// One row of the audit trail: who did what, when, from where, through which door, and how it ended.
/// Append-only: the application inserts rows and never updates or deletes them (a retention job that
/// prunes old rows is planned; it will be the only thing that deletes).
/// </summary>
public sealed class AuditEntry
{
    public const int MaxNameLength = 256;
    public const int MaxTargetLength = 300;
    public const int MaxDetailLength = 1_000;

    public long Id { get; set; }

    /// <summary>When, as Unix milliseconds (UTC): a number sorts and compares in SQL on every provider.</summary>
    public long AtMs { get; set; }

    /// <summary>The user's id; empty for the server itself (a listener's TTL ran out) or an unknown name at sign-in.</summary>
    public string ActorId { get; set; } = "";

    /// <summary>The user's name as typed or stored; for the server's own actions the owner of what it acted on.</summary>
    public string ActorName { get; set; } = "";

    /// <summary>The actor's role then; null when nobody was signed in or the server acted.</summary>
    public Role? Role { get; set; }

    public string? ClientAddress { get; set; }

    /// <summary>The door the request came through; null when the server acted on its own.</summary>
    public Door? Door { get; set; }

    /// <summary>One of <see cref="AuditActions.All"/>.</summary>
    public string Action { get; set; } = "";

    /// <summary>What it was done to: host:port, a scan or listener id, a user or token name. Never a secret.</summary>
    public string Target { get; set; } = "";

    public AuditOutcome Outcome { get; set; }

    /// <summary>Why it was refused, when it was.</summary>
    public ErrorKind? RefusalKind { get; set; }

    /// <summary>A short summary: the probe's state and code, the scan's counts, the refusal's message.</summary>
    public string Detail { get; set; } = "";

    public DateTimeOffset At => DateTimeOffset.FromUnixTimeMilliseconds(AtMs);

    /// <summary>The outcome as the page and the CSV write it: <c>ok</c>, <c>refused (forbidden)</c>, <c>failed</c>.</summary>
    public string OutcomeText => Outcome switch
    {
        AuditOutcome.Refused when RefusalKind is { } kind => $"refused ({KindName(kind)})",
        _ => Outcome.ToString().ToLowerInvariant(),
    };

    /// <summary>The kind as the wire names it: <c>not-found</c>, <c>limit-reached</c>, ...</summary>
    public static string KindName(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => "not-found",
        ErrorKind.LimitReached => "limit-reached",
        _ => kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>How an audited action ended.</summary>
public enum AuditOutcome
{
    /// <summary>Done (a probe that found a port closed is still done: the detail says closed).</summary>
    Ok,

    /// <summary>Refused before anything happened: invalid, forbidden, not found, conflict, limit reached.</summary>
    Refused,

    /// <summary>Started but broke, or was cancelled by the caller going away.</summary>
    Failed,
}
