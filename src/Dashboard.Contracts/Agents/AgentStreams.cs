using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;

namespace Dashboard.Contracts.Agents;

/// <summary>A scan planned at the agent: its names resolved where it stands.</summary>
/// <param name="Targets">Each target as written and the address it resolved to there.</param>
/// <param name="PortCount">Ports per address.</param>
/// <param name="TimeoutMs">The connect timeout the agent will use.</param>
/// <param name="Concurrency">Connects in flight at once there.</param>
/// <param name="DiscoverHosts">Whether it finds out first which hosts are up.</param>
public sealed record AgentScanPlan(IReadOnlyList<AgentTarget> Targets, int PortCount, int TimeoutMs, int Concurrency, bool DiscoverHosts);

/// <summary>A scan target as written and the address it resolved to at the agent.</summary>
public sealed record AgentTarget(string Label, string Address);

/// <summary>Results of a scan command, in arrival order; a chunk is bounded in count (see the agent's options).</summary>
/// <param name="CommandId">The scan command.</param>
/// <param name="Hosts">Hosts decided since the last chunk; null when none.</param>
/// <param name="Ports">Port results since the last chunk.</param>
public sealed record AgentScanChunk(string CommandId, IReadOnlyList<HostResult>? Hosts, IReadOnlyList<ProbeResult> Ports);

/// <summary>A listener's new events on an agent and its counters after them.</summary>
/// <param name="Info">The listener now.</param>
/// <param name="Events">Events since the last update, oldest first.</param>
public sealed record AgentListenerUpdate(ListenerInfo Info, IReadOnlyList<ListenerEvent> Events);
