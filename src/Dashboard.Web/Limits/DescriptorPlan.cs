using System.Globalization;

namespace Dashboard.Web.Limits;

/// <summary>
/// The open-file limit split four ways, so that the parts together never exceed it: descriptors kept for
/// the process itself, Kestrel's HTTP connections, its upgraded connections (WebSockets), and the socket
/// budget of users' work (scans, probes, UDP sends, listeners and their connections). With every part at
/// its cap the process still has a descriptor for the next log line, database query and accept.
/// <para>
/// Unless set: the reserve is what was open at start, the database's connections and a sixteenth of the
/// limit (at least <see cref="MinGrowth"/>) for what opens later; of the rest, an eighth goes to HTTP
/// connections, a quarter to upgraded ones, and five eighths to the socket budget.
/// </para>
/// </summary>
/// <param name="Process">The limit and what was open at start.</param>
/// <param name="Database">Descriptors the database may hold (SQLite's allowance, or PostgreSQL's pool size).</param>
/// <param name="Reserved">Kept for the runtime, the database, logs and files.</param>
/// <param name="MaxConnections">Kestrel's <c>MaxConcurrentConnections</c>.</param>
/// <param name="MaxUpgradedConnections">Kestrel's <c>MaxConcurrentUpgradedConnections</c>.</param>
/// <param name="SocketBudget">What is left: the capacity of <see cref="Sockets.Budget.SocketBudget"/>.</param>
public sealed record DescriptorPlan(ProcessDescriptors Process, int Database, int Reserved, int MaxConnections, int MaxUpgradedConnections, int SocketBudget)
{
    /// <summary>
    /// The fewest descriptors kept above what was open at start and the database's, for what opens later:
    /// the split is made before Kestrel starts, and the assemblies loaded after it (Kestrel, SignalR, Blazor,
    /// the OpenAPI document) hold about 130 more (measured: 267 at the split, 361 once idle, 374 after the
    /// first probe, scan, UDP send and listener); then configuration reloads, logs, static files being sent.
    /// </summary>
    public const int MinGrowth = 160;

    /// <summary>The smallest socket budget the dashboard starts with: a scan, a few probes and a listener.</summary>
    public const int MinSocketBudget = 16;

    /// <summary>The largest socket budget, whatever the limit: beyond it the engine's tables would only waste memory.</summary>
    public const int MaxSocketBudget = 1 << 20;

    public long OpenFileLimit => Process.OpenFileLimit;

    /// <summary>The split for <paramref name="process"/>: the counts <paramref name="options"/> set, the rest derived.</summary>
    public static DescriptorPlan For(ProcessDescriptors process, int database, LimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(options);
        var limit = process.OpenFileLimit;
        var reserved = options.ReservedDescriptors ?? Narrow(process.OpenAtStart + database + Math.Max(MinGrowth, limit / 16));
        var available = Math.Max(0, limit - reserved);
        var connections = options.MaxConnections ?? Narrow(Math.Max(1, available / 8));
        var upgraded = options.MaxUpgradedConnections ?? Narrow(Math.Max(1, available / 4));
        var left = limit - reserved - connections - upgraded;
        return new DescriptorPlan(process, database, reserved, connections, upgraded, (int)Math.Clamp(left, int.MinValue, MaxSocketBudget));
    }

    /// <summary>Why this split cannot work (the settings at fault and what to do), or null when it can.</summary>
    public string? Problem => SocketBudget >= MinSocketBudget
        ? null
        : string.Create(CultureInfo.InvariantCulture,
            $"{LimitsOptions.Section}: the open-file limit is {OpenFileLimit:N0} and {Process.OpenAtStart:N0} descriptors were open at start; " +
            $"ReservedDescriptors {Reserved:N0} + MaxConnections {MaxConnections:N0} + MaxUpgradedConnections {MaxUpgradedConnections:N0} " +
            $"leave {Math.Max(0, SocketBudget):N0} sockets for scans, probes, UDP sends and listeners, and at least {MinSocketBudget} are needed: " +
            $"raise the limit (ulimit -n, LimitNOFILE=, docker run --ulimit nofile=) or lower those settings");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"open-file limit {OpenFileLimit:N0}{Raised}, {Process.OpenAtStart:N0} open at start: " +
        $"{Reserved:N0} reserved (database {Database:N0}), {MaxConnections:N0} HTTP connections, {MaxUpgradedConnections:N0} upgraded connections, " +
        $"{SocketBudget:N0} sockets for scans, probes, UDP sends and listeners");

    private string Raised => Process.RaisedFrom is { } from ? string.Create(CultureInfo.InvariantCulture, $" (raised from {from:N0})") : "";

    private static int Narrow(long value) => (int)Math.Min(value, int.MaxValue / 4);
}
