namespace Dashboard.Web.Vantage.Agents;

internal static partial class AgentHubLog
{
    [LoggerMessage(1401, LogLevel.Information, "Agent {AgentId} ({Name}) connected on {ConnectionId}")]
    public static partial void Connected(ILogger logger, string agentId, string name, string connectionId);

    [LoggerMessage(1402, LogLevel.Information, "Agent {AgentId} ({Name}) disconnected: {Reason}")]
    public static partial void Disconnected(ILogger logger, string agentId, string name, string reason);
}
