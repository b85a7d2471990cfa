using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>Bounds of the agents' side of the dashboard: section <c>Agents</c>.</summary>
public sealed class AgentHubOptions
{
    public const string Section = "Agents";

    /// <summary>Agents that may exist (tokens not revoked). Defaults to 256: a registry, not a botnet.</summary>
    [Range(1, 10_000)]
    public int MaxAgents { get; set; } = 256;

    /// <summary>Commands the dashboard awaits from one agent at once; more are refused with limit-reached. Defaults to 64.</summary>
    [Range(1, 4_096)]
    public int MaxCommandsInFlight { get; set; } = 64;

    /// <summary>How often agents send a heartbeat, in seconds. Defaults to 5.</summary>
    [Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>The longest a command (other than a scan) may take at an agent, in seconds. Defaults to 120.</summary>
    [Range(1, 3_600)]
    public int CommandTimeoutSeconds { get; set; } = 120;

    /// <summary>The largest message an agent may send, in bytes. Defaults to 4 MiB: a chunk of 2048 scan results fits.</summary>
    [Range(64 * 1024, 64 * 1024 * 1024)]
    public long MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Scan chunks buffered per running agent scan before the agent is made to wait. Defaults to 16.</summary>
    [Range(1, 1_024)]
    public int ScanChunkBuffer { get; set; } = 16;

    /// <summary>Agents' listeners (open and recently stopped) the dashboard mirrors. Defaults to 1024.</summary>
    [Range(1, 100_000)]
    public int MaxMirroredListeners { get; set; } = 1_024;
}
