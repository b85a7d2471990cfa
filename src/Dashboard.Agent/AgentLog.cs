namespace Dashboard.Agent;

internal static partial class AgentLog
{
    [LoggerMessage(1, LogLevel.Information, "Connected to {Server} as agent {Name} ({AgentId})")]
    public static partial void Connected(ILogger logger, string server, string name, string agentId);

    [LoggerMessage(2, LogLevel.Warning, "Could not stay connected to {Server}: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string server, string reason);

    [LoggerMessage(3, LogLevel.Information, "Connecting again in {Seconds:0.0} s")]
    public static partial void Reconnecting(ILogger logger, double seconds);

    [LoggerMessage(4, LogLevel.Information, "Disconnected: {Reason}")]
    public static partial void Disconnected(ILogger logger, string reason);

    [LoggerMessage(5, LogLevel.Information, "Command {CommandId} ({Kind}) refused: {Reason}")]
    public static partial void Refused(ILogger logger, string commandId, string kind, string reason);

    [LoggerMessage(6, LogLevel.Error, "Command {CommandId} ({Kind}) failed")]
    public static partial void Failed(ILogger logger, string commandId, string kind, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "The health file {Path} cannot be written: {Reason}")]
    public static partial void HealthFileFailed(ILogger logger, string path, string reason);

    [LoggerMessage(8, LogLevel.Warning, "The token was given with --token, which ps shows to every user of this machine: prefer --token-file or the DASHBOARD_AGENT_TOKEN environment variable")]
    public static partial void TokenOnCommandLine(ILogger logger);
}
