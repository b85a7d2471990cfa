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

/// <summary>
/// A scan as the dashboard checked it (its policy applied to these addresses and ports): the agent runs exactly this,
/// resolving nothing, and the dashboard accepts results only for these addresses and ports, each once.
/// </summary>
/// <param name="Targets">Each target as written and its address (an IP literal, never a name).</param>
/// <param name="Ports">The ports, once each.</param>
/// <param name="TimeoutMs">The connect timeout.</param>
/// <param name="Concurrency">Connects in flight at once.</param>
/// <param name="DiscoverHosts">Whether to find out first which hosts are up.</param>
/// <param name="DiscoveryPorts">
/// The ports host discovery may connect to besides the scan's own (those the dashboard's policy allows); null: the
/// agent's configured ones. The agent uses only those its owner's policy allows too.
/// </param>
public sealed record AgentScanOrder(IReadOnlyList<AgentTarget> Targets, IReadOnlyList<int> Ports, int TimeoutMs, int Concurrency, bool DiscoverHosts,
    IReadOnlyList<int>? DiscoveryPorts = null);

/// <summary>
/// Results of a scan command; a chunk is bounded in count (see the agent's options). Results without endpoints
/// (closed, filtered…: nearly all of a scan) travel in columns in <see cref="Compact"/>, a small fraction of their
/// bytes and parsing as whole records; the others (open ports, with their endpoints) whole in <see cref="Ports"/>.
/// </summary>
/// <param name="CommandId">The scan command.</param>
/// <param name="Hosts">Hosts decided since the last chunk; null when none.</param>
/// <param name="Ports">Port results since the last chunk that are sent whole (all of them from an agent without <see cref="Compact"/>).</param>
/// <param name="Compact">The chunk's other port results in columns; null when none (or from an older agent).</param>
/// <param name="TraceHops">
/// A trace command's hops as they become known, in order (<see cref="AgentFeatures.TraceHopChunks"/>); its
/// <see cref="Hosts"/> and <see cref="Ports"/> are then empty. Null in a scan's chunks.
/// </param>
public sealed record AgentScanChunk(string CommandId, IReadOnlyList<HostResult>? Hosts, IReadOnlyList<ProbeResult> Ports,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    CompactResults? Compact = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<Trace.TraceHop>? TraceHops = null)
{
    /// <summary>Port results in the chunk, whole and compact (not on the wire).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int PortCount => Ports.Count + (Compact?.Count ?? 0);

    /// <summary>Every port result, whole ones first, then the compact rows as <see cref="ProbeResult"/>s.</summary>
    public IEnumerable<ProbeResult> AllPorts() => Compact is null ? Ports : Ports.Concat(Compact.Expand());
}

/// <summary>A listener's new events on an agent and its counters after them.</summary>
/// <param name="Info">The listener now.</param>
/// <param name="Events">Events since the last update, oldest first.</param>
public sealed record AgentListenerUpdate(ListenerInfo Info, IReadOnlyList<ListenerEvent> Events);
