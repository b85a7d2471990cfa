using Dashboard.Web.Features.Agents;

namespace Dashboard.Web.Vantage;

/// <summary>
/// Agents connected to other instances of the dashboard. One instance alone has no others
/// (<see cref="SingleInstanceAgentLocator"/>, registered with the vantage points); scale-out replaces it.
/// </summary>
public interface IAgentLocator
{
    /// <summary>The agent as a vantage point through the instance it is connected to, or null when no other instance has it.</summary>
    Task<IVantagePoint?> FindAsync(AgentRecord agent, CancellationToken cancellationToken);

    /// <summary>Whether some other instance has the agent connected.</summary>
    Task<bool> IsOnlineAsync(string agentId, CancellationToken cancellationToken);

    /// <summary>The agent was revoked: the other instance it is connected to drops it now.</summary>
    Task DisconnectAsync(string agentId, CancellationToken cancellationToken);
}

/// <summary>No other instance: an agent is connected here or nowhere.</summary>
public sealed class SingleInstanceAgentLocator : IAgentLocator
{
    public Task<IVantagePoint?> FindAsync(AgentRecord agent, CancellationToken cancellationToken) => Task.FromResult<IVantagePoint?>(null);

    public Task<bool> IsOnlineAsync(string agentId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task DisconnectAsync(string agentId, CancellationToken cancellationToken) => Task.CompletedTask;
}
