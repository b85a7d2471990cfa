using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Limits;

/// <summary>
/// How the process's open-file limit (<c>RLIMIT_NOFILE</c>) is split so that no flood of connections or
/// sockets can run it out of descriptors. Configuration section <c>Limits</c>. Unset counts are derived
/// (see <see cref="DescriptorPlan"/>): a reserve for the process itself (what was open at start, the
/// database, room to grow), then of the rest an eighth for Kestrel's HTTP connections, a quarter for
/// upgraded ones (WebSockets) and five eighths for the socket budget of scans, probes, UDP sends and
/// listeners. Set counts are taken as they are; together they must leave the socket budget at least
/// <see cref="DescriptorPlan.MinSocketBudget"/>, or the app does not start.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>
    /// Whether the soft open-file limit is raised to the hard one at start. Defaults to true: systemd gives
    /// services a soft limit of 1,024 and a far higher hard one, and advises those that need descriptors to
    /// raise it themselves. Where soft and hard are the same (<c>ulimit -n</c>, <c>prlimit</c>) nothing changes.
    /// </summary>
    public bool RaiseOpenFileLimit { get; set; } = true;

    /// <summary>
    /// Descriptors kept for everything that is not a connection or a user's socket. Defaults to those open at
    /// start (about 270: .NET holds two per loaded assembly), plus the database's (32 for SQLite; PostgreSQL's
    /// <c>Maximum Pool Size</c>, 100 unless the connection string says less, one socket each), plus a sixteenth
    /// of the limit, at least 160, for what opens later: assemblies loaded once the server runs (about 130),
    /// configuration reloads, logs, static files being sent.
    /// </summary>
    [Range(16, 1 << 24)]
    public int? ReservedDescriptors { get; set; }

    /// <summary>
    /// Kestrel's <c>MaxConcurrentConnections</c>: HTTP connections open at once, not counting upgraded ones.
    /// Past it Kestrel closes a new connection as soon as it has accepted it (a reset at the transport level).
    /// Defaults to an eighth of what the reserve leaves: pages, REST calls and negotiations are short.
    /// </summary>
    [Range(1, 1 << 24)]
    public int? MaxConnections { get; set; }

    /// <summary>
    /// Kestrel's <c>MaxConcurrentUpgradedConnections</c>: WebSockets, those of <c>/hubs/probe</c> and of the
    /// browser UI's circuits. An upgraded connection stops counting against <see cref="MaxConnections"/>, so
    /// a flood of idle hub connections leaves room for <c>/healthz</c>, pages and the REST API. Past it a
    /// WebSocket request is answered <c>503</c> with <c>Retry-After</c> before the upgrade. Defaults to a
    /// quarter of what the reserve leaves: these connections live long and each holds a descriptor.
    /// </summary>
    [Range(1, 1 << 24)]
    public int? MaxUpgradedConnections { get; set; }

    /// <summary>
    /// Connections to <c>/hubs/probe</c> one user may hold at once, over every token and transport. Past it a
    /// new one is answered <c>429</c> with <c>Retry-After</c> (at negotiation, or before the WebSocket is
    /// accepted). Defaults to 64: a script or an agent needs a few, and one runaway client must not take
    /// every upgraded connection from everyone else.
    /// </summary>
    [Range(1, 1 << 20)]
    public int HubConnectionsPerUser { get; set; } = 64;

    /// <summary>
    /// The <c>Retry-After</c> of every refusal for want of connections or sockets, in seconds. Defaults to 5:
    /// long enough that refused clients do not hammer the server, short enough for scans to have returned
    /// sockets. When a connection frees up is not known, so this is a suggestion, not a promise.
    /// </summary>
    [Range(1, 3_600)]
    public int RetryAfterSeconds { get; set; } = 5;

    public TimeSpan RetryAfter => TimeSpan.FromSeconds(RetryAfterSeconds);
}
