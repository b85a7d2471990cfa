using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Agents;

/// <summary>Is an agent connected now.</summary>
[JsonConverter(typeof(WireEnumConverter<AgentStatus>))]
public enum AgentStatus
{
    /// <summary>Connected to this dashboard.</summary>
    [JsonStringEnumMemberName("online")] Online,
    /// <summary>Not connected (never was, or dropped).</summary>
    [JsonStringEnumMemberName("offline")] Offline,
    /// <summary>Its token was revoked: it is refused.</summary>
    [JsonStringEnumMemberName("revoked")] Revoked,
}

/// <summary>An agent as the Agents page and <c>GET /api/agents</c> show it.</summary>
/// <param name="Id">Its id: <c>from</c> takes it or the name.</param>
/// <param name="Name">Its name: unique, given when its token was made.</param>
/// <param name="Status"><c>online</c>, <c>offline</c> or <c>revoked</c>.</param>
/// <param name="CreatedAt">When its token was made.</param>
/// <param name="CreatedBy">Who made it.</param>
/// <param name="LastSeenAt">Its last heartbeat or connect; null if it never connected.</param>
/// <param name="Version">What it said at its last connect.</param>
/// <param name="Addresses">Its addresses at its last connect.</param>
/// <param name="Capabilities">What it runs.</param>
/// <param name="Policy">Its owner's local policy, in a line.</param>
/// <param name="RoundTripMs">The last heartbeat's round trip between it and the dashboard.</param>
/// <param name="CommandsInFlight">Commands the dashboard awaits from it now.</param>
/// <param name="TokenPrefix">The token's first characters, to tell tokens apart.</param>
public sealed record AgentInfo(
    string Id,
    string Name,
    AgentStatus Status,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? LastSeenAt,
    string? Version,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<string> Capabilities,
    string? Policy,
    double? RoundTripMs,
    int CommandsInFlight,
    string TokenPrefix);

/// <summary><c>POST /api/agents</c>: a new agent.</summary>
/// <param name="Name">1-64 characters: letters, digits, <c>.</c>, <c>-</c>, <c>_</c>; unique.</param>
public sealed record CreateAgentRequest(string? Name);

/// <summary>A new agent and its token: the only time the token is shown.</summary>
public sealed record AgentCreated(AgentInfo Agent, string Token);

/// <summary>A vantage point a request may name in <c>from</c>: this server or an agent.</summary>
/// <param name="Id">Empty for this server, else the agent's id.</param>
/// <param name="Name">How results name it.</param>
/// <param name="Online">Whether it can run work now.</param>
public sealed record VantagePointInfo(string Id, string Name, bool Online);
