using System.ComponentModel.DataAnnotations;

namespace Dashboard.Agent;

/// <summary>The agent's settings: section <c>Agent</c>, or the command line (<c>--server</c>, <c>--token</c>, <c>--name</c>, ...).</summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>The dashboard's base address (<c>https://dashboard.example:8080</c>); the agent connects to its <c>/hubs/agents</c>.</summary>
    [Required(ErrorMessage = "--server is required: the dashboard's address, e.g. --server http://127.0.0.1:8080")]
    public string Server { get; set; } = "";

    /// <summary>
    /// The agent token an Admin made on the Agents page (<c>sda_…</c>). Given by <c>--token</c> (which <c>ps</c> shows to
    /// every user of the machine), or better from <see cref="TokenFile"/> or the <c>DASHBOARD_AGENT_TOKEN</c> environment
    /// variable; checked at start by <see cref="AgentTokenSource"/>.
    /// </summary>
    public string Token { get; set; } = "";

    /// <summary>A file holding the token (<c>--token-file</c>, e.g. a secret mounted under <c>/run/secrets</c>); surrounding white space is ignored.</summary>
    public string? TokenFile { get; set; }

    /// <summary>
    /// A file touched on every heartbeat the dashboard answers and removed when the link drops, for a container's
    /// health check (its age says whether the agent is connected). None by default; the Docker image sets one.
    /// </summary>
    public string? HealthFile { get; set; }

    /// <summary>The name it reports (the dashboard lists it by the name given to its token). Defaults to the machine name.</summary>
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>Commands run at once; more are refused with limit-reached. Defaults to 16: a scan or a listener holds one.</summary>
    [Range(1, 256)]
    public int MaxCommands { get; set; } = 16;

    /// <summary>Port results per chunk sent back during a scan. Defaults to 2048: one message stays well under 1 MiB.</summary>
    [Range(1, 8192)]
    public int ScanChunkSize { get; set; } = 2_048;

    /// <summary>The longest wait between reconnect attempts, in seconds. Defaults to 30.</summary>
    [Range(1, 3600)]
    public int MaxReconnectSeconds { get; set; } = 30;

    /// <summary>Targets this agent's owner allows: comma separated CIDR blocks. Defaults to loopback and the private ranges.</summary>
    public string AllowTargets { get; set; } = "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,169.254.0.0/16,fc00::/7,fe80::/10";

    /// <summary>Ports probes, scans and sends may go to, nmap syntax. Defaults to all.</summary>
    public string AllowPorts { get; set; } = "1-65535";

    /// <summary>Ports listeners may bind, nmap syntax. Defaults to the unprivileged ones; port 0 (any free port) is always allowed.</summary>
    public string ListenPorts { get; set; } = "1024-65535";

    /// <summary>
    /// Directories Unix socket paths may be under, comma separated (<c>--unix-dirs</c>); the dashboard's own allowed
    /// directories must allow a path too. Defaults to none: every Unix socket path is refused.
    /// </summary>
    public string UnixDirs { get; set; } = "";
}
