namespace Dashboard.Web.Features.Agents.Link;

internal static partial class AgentHubLog
{
    [LoggerMessage(1401, LogLevel.Information, "Agent {AgentId} ({Name}) connected on {ConnectionId}")]
    public static partial void Connected(ILogger logger, string agentId, string name, string connectionId);

    [LoggerMessage(1402, LogLevel.Information, "Agent {AgentId} ({Name}) disconnected: {Reason}")]
    public static partial void Disconnected(ILogger logger, string agentId, string name, string reason);

    [LoggerMessage(1403, LogLevel.Warning, "Agent {AgentId} ({Name}) sent {Dropped} scan results outside the plan it was given; they were dropped and the scan stopped: {Problem}")]
    public static partial void BrokePlan(ILogger logger, string agentId, string name, long dropped, string problem);
}
