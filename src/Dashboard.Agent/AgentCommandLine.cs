namespace Dashboard.Agent;

/// <summary>The command line's switches and the settings they set.</summary>
public static class AgentCommandLine
{
    /// <summary>Whether the token was given on the command line, where any user of the machine sees it in <c>ps</c>.</summary>
    public static bool HasTokenSwitch(IEnumerable<string> args) =>
        args.Any(a => a == "--token" || a.StartsWith("--token=", StringComparison.Ordinal));

    public static Dictionary<string, string> Switches { get; } = new(StringComparer.Ordinal)
    {
        ["--server"] = "Agent:Server",
        ["--token"] = "Agent:Token",
        ["--token-file"] = "Agent:TokenFile",
        ["--health-file"] = "Agent:HealthFile",
        ["--name"] = "Agent:Name",
        ["--allow-targets"] = "Agent:AllowTargets",
        ["--allow-ports"] = "Agent:AllowPorts",
        ["--listen-ports"] = "Agent:ListenPorts",
        ["--unix-dirs"] = "Agent:UnixDirs",
        ["--max-commands"] = "Agent:MaxCommands",
    };
}
