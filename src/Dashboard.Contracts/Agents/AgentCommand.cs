using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Agents;

/// <summary>What a command asks an agent to do; its payload is the matching request record.</summary>
[JsonConverter(typeof(WireEnumConverter<AgentCommandKind>))]
public enum AgentCommandKind
{
    /// <summary><c>ProbeRequest</c> (its host an IP address: the agent resolves no target) → <c>ProbeResult</c>.</summary>
    [JsonStringEnumMemberName("probe")] Probe,
    /// <summary><c>ScanRequest</c> → <c>AgentScanPlan</c>: checks and resolves at the agent, sends nothing.</summary>
    [JsonStringEnumMemberName("plan-scan")] PlanScan,
    /// <summary>
    /// An older dashboard's scan: a <c>ScanRequest</c> the agent planned (and resolved) again. Refused by this agent: the
    /// addresses it would scan are not those the dashboard checked. Use <see cref="RunScan"/>.
    /// </summary>
    [JsonStringEnumMemberName("scan")] Scan,
    /// <summary><c>AgentScanOrder</c> (the plan the dashboard checked: addresses, not names) → results as <c>AgentScanChunk</c>s, then a reply with no result.</summary>
    [JsonStringEnumMemberName("run-scan")] RunScan,
    /// <summary><c>UdpSendRequest</c> (its host an IP address) → <c>UdpSendResult</c>.</summary>
    [JsonStringEnumMemberName("udp")] Udp,
    /// <summary><c>TcpSendRequest</c> (its host an IP address) → <c>TcpSendResult</c>.</summary>
    [JsonStringEnumMemberName("tcp-send")] TcpSend,
    /// <summary><c>AgentListenerOpen</c> → <c>ListenerInfo</c>; its events follow as <c>AgentListenerUpdate</c>s.</summary>
    [JsonStringEnumMemberName("open-listener")] OpenListener,
    /// <summary><c>AgentListenerClose</c> → <c>ListenerInfo</c>.</summary>
    [JsonStringEnumMemberName("close-listener")] CloseListener,
    /// <summary><c>AgentListenerSend</c> → the <c>sent</c> <c>ListenerEvent</c> (agents that say <c>listener-send</c>).</summary>
    [JsonStringEnumMemberName("listener-send")] ListenerSend,
    /// <summary>A host name (JSON string) → its addresses there (string[]), as the agent's resolver sees them; empty when it does not resolve.</summary>
    [JsonStringEnumMemberName("resolve")] Resolve,
    /// <summary><c>TlsCheckRequest</c> (its host an IP address, its SNI as the dashboard decided) → <c>TlsCheckResult</c> (agents that say <c>tls</c>).</summary>
    [JsonStringEnumMemberName("tls")] Tls,
    /// <summary><c>UnixSocketOrder</c> → <c>UnixSocketAnswer</c> (agents that say <c>unix-sockets</c>).</summary>
    [JsonStringEnumMemberName("unix")] Unix,
    /// <summary><c>IdentifyRequest</c> (its host an IP address) → <c>IdentifyResult</c> (agents that say <c>identify</c>).</summary>
    [JsonStringEnumMemberName("identify")] Identify,
    /// <summary><c>TraceRequest</c> (its host an IP address) → <c>TraceResult</c>, whole (agents that say <c>trace</c>).</summary>
    [JsonStringEnumMemberName("trace")] Trace,
}

/// <summary>A command from the dashboard to an agent.</summary>
/// <param name="Id">Unique per command; the reply and any stream carry it.</param>
/// <param name="Kind">What to do.</param>
/// <param name="Payload">The request record, JSON.</param>
public sealed record AgentCommand(string Id, AgentCommandKind Kind, JsonElement Payload);

/// <summary>An agent's answer to one command: a result, or a refusal in the error model.</summary>
/// <param name="CommandId">The command answered.</param>
/// <param name="Result">The result record, JSON; null on error or for a finished stream.</param>
/// <param name="ErrorKind">Why it was refused, when it was.</param>
/// <param name="Error">The refusal or failure, in a line.</param>
public sealed record AgentReply(string CommandId, JsonElement? Result, ErrorKind? ErrorKind = null, string? Error = null);

/// <summary>Opens a listener on an agent for its owner on the dashboard.</summary>
/// <param name="Request">The listener.</param>
/// <param name="Owner">Who opened it (the dashboard's user).</param>
public sealed record AgentListenerOpen(Listeners.ListenerRequest Request, string Owner)
{
    /// <summary>For unix and unixgram: the directories the dashboard allows; the agent's own <c>--unix-dirs</c> must allow the path too.</summary>
    public IReadOnlyList<string>? AllowedUnixDirectories { get; init; }
}

/// <summary>Sends bytes by hand into one of an agent's listener's conversations.</summary>
/// <param name="ListenerId">The listener.</param>
/// <param name="Request">The connection (TCP) or the peer it heard from (UDP), and the payload.</param>
/// <param name="Sender">Who sends (the dashboard's user), shown in the <c>sent</c> event.</param>
public sealed record AgentListenerSend(string ListenerId, Listeners.ListenerSendRequest Request, string Sender);

/// <summary>Closes a listener on an agent.</summary>
/// <param name="ListenerId">Its id.</param>
/// <param name="Reason">Why, shown to watchers.</param>
public sealed record AgentListenerClose(string ListenerId, string Reason);
