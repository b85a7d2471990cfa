using Dashboard.Contracts.Agents;
using Dashboard.Web.Features.Agents.Link;

namespace Dashboard.Web.Vantage;

/// <summary>
/// Picks the vantage point a request's <c>from</c> names: this server when absent, else a connected
/// agent by id or name. The services ask here; none of them knows whether work runs local or remote.
/// </summary>
/// <remarks>Scaled out, an agent connected to another instance is reached through that instance (<see cref="IAgentLocator"/>).</remarks>
public sealed class VantagePoints(LocalVantagePoint local, AgentConnections connections, RemoteListeners remoteListeners, AgentRegistry registry,
    Microsoft.Extensions.Options.IOptions<Sockets.Scanning.ScanOptions> scanOptions, ILogger<RemoteVantagePoint> agentLogger, IAgentLocator elsewhereAgents)
{
    private static readonly string[] LocalNames = [LocalVantagePoint.ServerName, "server", "local"];

    public IVantagePoint Local => local;

    public static bool IsLocal(string? from) =>
        string.IsNullOrWhiteSpace(from) || LocalNames.Contains(from.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <exception cref="RequestRefusedException">Invalid, not found (no such agent), forbidden (revoked) or conflict (offline).</exception>
    public async Task<IVantagePoint> ResolveAsync(string? from, CancellationToken cancellationToken)
    {
        if (IsLocal(from))
        {
            return local;
        }

        var wanted = from!.Trim();
        if (wanted.Length > Features.Agents.AgentRecord.MaxNameLength)
        {
            throw new InvalidRequestException($"from must be an agent's name or id (at most {Features.Agents.AgentRecord.MaxNameLength} characters), got {wanted.Length} characters");
        }

        if (connections.Find(wanted) is { } agent)
        {
            return Remote(agent);
        }

        var known = await registry.FindAsync(wanted, cancellationToken);
        if (known is { RevokedAt: null } && await elsewhereAgents.FindAsync(known, cancellationToken) is { } peer)
        {
            return peer;
        }

        throw known switch
        {
            null => RequestRefusedException.NotFound(
                $"from: '{wanted}' is not a vantage point: give an agent's name or id (the Agents page, GET /api/agents), or leave it out for this server"),
            { RevokedAt: not null } => RequestRefusedException.Forbidden($"from: agent {known.Name} was revoked"),
            _ => RequestRefusedException.Conflict(
                $"from: agent {known.Name} is offline (last seen {(known.LastSeenAt is { } seen ? seen.ToString("u") : "never")}); it must be connected to run work"),
        };
    }

    /// <summary>A connected agent as a vantage point.</summary>
    public RemoteVantagePoint Remote(ConnectedAgent agent) =>
        new(agent.AgentId, agent.Name, new ConnectionLink(agent.AgentId, agent.Name, connections, remoteListeners), remoteListeners, scanOptions.Value, agentLogger);

    /// <summary>This server and every agent not revoked, online first.</summary>
    public async Task<IReadOnlyList<VantagePointInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var agents = await registry.ListAsync(cancellationToken);
        var elsewhere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agent in agents.Where(a => a.RevokedAt is null && connections.Find(a.Id) is null))
        {
            if (await elsewhereAgents.IsOnlineAsync(agent.Id, cancellationToken))
            {
                elsewhere.Add(agent.Id);
            }
        }

        return
        [
            new VantagePointInfo("", LocalVantagePoint.ServerName, true),
            .. agents.Where(a => a.RevokedAt is null)
                .Select(a => new VantagePointInfo(a.Id, a.Name, connections.Find(a.Id) is not null || elsewhere.Contains(a.Id)))
                .OrderByDescending(v => v.Online).ThenBy(v => v.Name, StringComparer.OrdinalIgnoreCase),
        ];
    }

    /// <summary>
    /// Where <paramref name="from"/> reaches this server: loopback from this server itself, the address an agent's connection
    /// arrived on from an agent connected here; null when not known here (an agent connected to another instance).
    /// </summary>
    public string? ThisServerSeenBy(IVantagePoint from) =>
        from.Id.Length == 0 ? "127.0.0.1"
        : connections.Find(from.Id)?.DashboardAddress is { } address ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
        : null;

    /// <summary>Every vantage point's listeners, open and recently stopped, newest first.</summary>
    public IReadOnlyList<IVantageListener> Listeners() =>
        [.. local.Listeners().Concat(remoteListeners.All()).OrderByDescending(l => l.CreatedAt)];

    /// <exception cref="RequestRefusedException">Not found.</exception>
    public IVantageListener Listener(string? listenerId)
    {
        // This server's own listeners first: an agent can never shadow one with a mirror of the same id.
        if (local.Listeners().FirstOrDefault(l => l.Id == listenerId) is { } own)
        {
            return own;
        }

        return listenerId is not null && remoteListeners.TryGet(listenerId, out var mirror)
            ? mirror
            : throw RequestRefusedException.NotFound($"listenerId '{listenerId}' is not an open or recently stopped listener");
    }

    /// <summary>Whether this server has a listener with this id.</summary>
    public bool IsLocalListener(string listenerId) => local.Listeners().Any(l => l.Id == listenerId);
}
