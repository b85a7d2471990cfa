namespace Dashboard.Agent;

/// <summary>The command line's switches and the settings they set.</summary>
public static class AgentCommandLine
{
    public static Dictionary<string, string> Switches { get; } = new(StringComparer.Ordinal)
    {
        ["--server"] = "Agent:Server",
        ["--token"] = "Agent:Token",
        ["--name"] = "Agent:Name",
        ["--allow-targets"] = "Agent:AllowTargets",
        ["--allow-ports"] = "Agent:AllowPorts",
        ["--listen-ports"] = "Agent:ListenPorts",
        ["--max-commands"] = "Agent:MaxCommands",
    };
}
