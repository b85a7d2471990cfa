using System.Text.RegularExpressions;
using Dashboard.Contracts.Agents;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Agents.Link;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Agents;

/// <summary>
/// The one door to agents for the Agents page and <c>/api/agents</c>: Admins make them (the token shown
/// once), list them with their status, and revoke them (which disconnects them at once).
/// </summary>
/// <remarks>Scaled out, an agent connected to another instance is listed online, and revoking it disconnects it there (<see cref="IAgentLocator"/>).</remarks>
public sealed partial class AgentService(AgentRegistry registry, AgentConnections connections, VantagePoints points,
    IOptions<AgentHubOptions> options, AuditQueue audit, IAgentLocator elsewhereAgents)
{
    /// <summary>Why <paramref name="name"/> cannot name an agent, or null.</summary>
    public static string? NameProblem(string? name) => name switch
    {
        null or "" => "name is required: 1-64 characters, letters, digits, '.', '-' and '_'",
        { Length: > AgentRecord.MaxNameLength } => $"name must be at most {AgentRecord.MaxNameLength} characters, got {name.Length}",
        _ when !NamePattern().IsMatch(name) => $"name may hold only letters, digits, '.', '-' and '_', and start with a letter or digit, got '{name}'",
        _ when VantagePoints.IsLocal(name) => $"name '{name}' is how requests name this server; choose another",
        _ => null,
    };

    /// <exception cref="RequestRefusedException">Not an Admin, a bad or taken name, or too many agents.</exception>
    public Task<AgentCreated> CreateAsync(Actor actor, CreateAgentRequest? request, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.AgentCreate, request?.Name, async () =>
        {
            actor.Require(Role.Admin, "making an agent");
            var name = request?.Name?.Trim().ToLowerInvariant();
            if (NameProblem(name) is { } problem)
            {
                throw new InvalidRequestException(problem);
            }

            if (await registry.FindAsync(name!, cancellationToken) is { } taken && taken.Name == name)
            {
                throw RequestRefusedException.Conflict($"name '{name}' is taken by agent {taken.Id}{(taken.RevokedAt is null ? "" : " (revoked)")}; choose another");
            }

            if (await registry.CountActiveAsync(cancellationToken) >= options.Value.MaxAgents)
            {
                throw RequestRefusedException.LimitReached(
                    $"there are {options.Value.MaxAgents} agents, the most this dashboard keeps ({AgentHubOptions.Section}:MaxAgents); revoke one first");
            }

            var (agent, token) = await registry.CreateAsync(name!, actor.Name, cancellationToken);
            return new AgentCreated(Info(agent), token);
        }, created => $"agent {created.Agent.Name} ({created.Agent.Id}), token {created.Agent.TokenPrefix}…", created => created.Agent.Id);

    /// <summary>Every agent, revoked ones too, with its status now.</summary>
    public async Task<IReadOnlyList<AgentInfo>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        actor.Require(Role.Admin, "listing agents");
        var agents = await registry.ListAsync(cancellationToken);
        var elsewhere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agent in agents.Where(a => a.RevokedAt is null && connections.Find(a.Id) is null))
        {
            if (await elsewhereAgents.IsOnlineAsync(agent.Id, cancellationToken))
            {
                elsewhere.Add(agent.Id);
            }
        }

        return [.. agents.Select(a => Info(a, elsewhere.Contains(a.Id)))];
    }

    /// <summary>Where work may run: this server and every agent, for the vantage selector (everyone signed in).</summary>
    public Task<IReadOnlyList<VantagePointInfo>> VantagePointsAsync(Actor actor, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "listing vantage points");
        return points.ListAsync(cancellationToken);
    }

    /// <exception cref="RequestRefusedException">Not an Admin, or no such agent.</exception>
    public Task<AgentInfo> RevokeAsync(Actor actor, string? agentId, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.AgentRevoke, agentId, async () =>
        {
            actor.Require(Role.Admin, "revoking an agent");
            var agent = await registry.RevokeAsync(agentId ?? "", cancellationToken)
                ?? throw RequestRefusedException.NotFound($"agentId '{agentId}' is not an agent");
            connections.Disconnect(agent.Id);
            await elsewhereAgents.DisconnectAsync(agent.Id, cancellationToken);

            return Info(agent);
        }, info => $"agent {info.Name} revoked and disconnected");

    private AgentInfo Info(AgentRecord agent) => Info(agent, onlineElsewhere: false);

    private AgentInfo Info(AgentRecord agent, bool onlineElsewhere)
    {
        var live = agent.RevokedAt is null ? connections.Find(agent.Id) : null;
        var status = agent.RevokedAt is not null ? AgentStatus.Revoked : live is not null || onlineElsewhere ? AgentStatus.Online : AgentStatus.Offline;
        return new AgentInfo(agent.Id, agent.Name, status, agent.CreatedAt, agent.CreatedBy, live?.LastSeenAt ?? agent.LastSeenAt,
            live?.Hello?.Version ?? agent.Version,
            live?.Hello?.Addresses ?? Split(agent.Addresses),
            live?.Hello?.Capabilities ?? Split(agent.Capabilities),
            live?.Hello?.Policy ?? agent.Policy,
            live?.RoundTripMs ?? agent.RoundTripMs,
            live?.CommandsInFlight ?? 0,
            agent.TokenPrefix);
    }

    private static string[] Split(string? joined) => string.IsNullOrEmpty(joined) ? [] : joined.Split(',');

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
