namespace Dashboard.Contracts.Agents;

/// <summary>What an agent says of itself when it connects.</summary>
/// <param name="Name">The name it runs under (<c>--name</c>); the dashboard knows it by its token, so a different name is only shown.</param>
/// <param name="Version">The agent's version.</param>
/// <param name="Addresses">Its interfaces' addresses (loopback left out).</param>
/// <param name="Capabilities">What it runs: <c>probe</c>, <c>scan</c>, <c>udp</c>, <c>listen</c>, <c>tcp-send</c>.</param>
/// <param name="Policy">Its owner's local policy in a line, for the Agents page.</param>
/// <param name="MaxCommands">The most commands it runs at once; more are refused.</param>
public sealed record AgentHello(
    string Name,
    string Version,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<string> Capabilities,
    string Policy,
    int MaxCommands);

/// <summary>The dashboard's answer to <see cref="AgentHello"/>.</summary>
/// <param name="AgentId">The agent's id in the dashboard.</param>
/// <param name="Name">The name the dashboard knows it by (given when its token was made).</param>
/// <param name="HeartbeatSeconds">How often to send a heartbeat.</param>
/// <param name="Features">What this dashboard understands beyond the first protocol (<see cref="AgentFeatures"/>); absent from an older dashboard.</param>
public sealed record AgentWelcome(string AgentId, string Name, int HeartbeatSeconds, IReadOnlyList<string>? Features = null);

/// <summary>Protocol features a dashboard announces in <see cref="AgentWelcome.Features"/>; an agent uses only those announced.</summary>
public static class AgentFeatures
{
    /// <summary>Scan chunks may carry results in columns (<see cref="AgentScanChunk.Compact"/>).</summary>
    public const string CompactScanChunks = "compact-scan-chunks";

    /// <summary>
    /// A trace command's hops may come as they are known, in <see cref="AgentScanChunk.TraceHops"/>, before its reply
    /// (which still carries the whole trace).
    /// </summary>
    public const string TraceHopChunks = "trace-hop-chunks";
}

/// <summary>What an agent says it runs, in <see cref="AgentHello.Capabilities"/>, beyond the first protocol.</summary>
public static class AgentCapabilities
{
    /// <summary>
    /// It runs scans only as <see cref="AgentCommandKind.RunScan"/> (the dashboard's checked plan) and resolves no target's name.
    /// A dashboard sends no scan to an agent without it: such an agent would resolve the names again.
    /// </summary>
    public const string CheckedScans = "checked-scans";

    /// <summary>It sends bytes by hand into its listeners' conversations (<see cref="AgentCommandKind.ListenerSend"/>).</summary>
    public const string ListenerSend = "listener-send";

    /// <summary>It checks TLS (<see cref="AgentCommandKind.Tls"/>).</summary>
    public const string Tls = "tls";
    /// <summary>It probes and sends to Unix socket paths (<see cref="AgentCommandKind.Unix"/>) under its owner's <c>--unix-dirs</c>.</summary>
    public const string UnixSockets = "unix-sockets";
    /// <summary>It opens unix and unixgram listeners (<see cref="AgentCommandKind.OpenListener"/> with a path) under its owner's <c>--unix-dirs</c>.</summary>
    public const string UnixListen = "unix-listen";
    /// <summary>It identifies what answers on a port (<see cref="AgentCommandKind.Identify"/>).</summary>
    public const string Identify = "identify";
    /// <summary>It traces to a port (<see cref="AgentCommandKind.Trace"/>).</summary>
    public const string Trace = "trace";
    /// <summary>It traces to a UDP port too (<see cref="Trace.TraceProtocol.Udp"/> in a <see cref="AgentCommandKind.Trace"/> command).</summary>
    public const string TraceUdp = "trace-udp";
}

/// <summary>A heartbeat, with the round trip the agent measured for the previous one.</summary>
/// <param name="SentAt">When the agent sent it (UTC).</param>
/// <param name="LastRoundTripMs">How long the previous heartbeat took to be answered; null for the first.</param>
/// <param name="CommandsRunning">Commands it runs now.</param>
public sealed record AgentHeartbeat(DateTimeOffset SentAt, double? LastRoundTripMs, int CommandsRunning);
