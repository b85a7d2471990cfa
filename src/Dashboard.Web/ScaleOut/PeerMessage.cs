using System.Text.Json;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// One message between instances on Redis, published to the receiver's channel. A call is answered by one
/// <see cref="PeerMessageTypes.Reply"/>, or by <see cref="PeerMessageTypes.Item"/>s and one <see cref="PeerMessageTypes.End"/>;
/// the caller may send <see cref="PeerMessageTypes.Cancel"/> (its watcher went away).
/// </summary>
/// <param name="Type">One of <see cref="PeerMessageTypes"/>.</param>
/// <param name="Id">The call's id.</param>
/// <param name="From">The sending instance: where replies go.</param>
/// <param name="Op">A call's operation (<see cref="PeerOps"/>).</param>
/// <param name="Body">A call's arguments, a reply's result, an item.</param>
/// <param name="ErrorKind">A refusal's kind (<see cref="Contracts.Errors.ErrorKind"/> by name), or <c>lost</c> when the work's vantage point went away.</param>
/// <param name="Error">The refusal's message, for the user.</param>
internal sealed record PeerMessage(string Type, string Id, string From, string? Op = null, JsonElement? Body = null, string? ErrorKind = null,
    string? Error = null);

internal static class PeerMessageTypes
{
    public const string Call = "call";
    public const string Reply = "reply";
    public const string Item = "item";
    public const string End = "end";
    public const string Cancel = "cancel";
}

/// <summary>The arguments of every operation: each uses the fields it needs.</summary>
internal sealed record PeerArgs(string? Id = null, string? Host = null, JsonElement? Request = null, string? Owner = null, string? Reason = null,
    long After = 0, int Max = 0);

/// <summary>What one instance asks of another: work on an agent connected there, or on a listener or scan running there.</summary>
internal static class PeerOps
{
    public const string ScanCancel = "scan.cancel";
    public const string ListenersList = "listeners.list";
    public const string ListenerInfo = "listener.info";
    public const string ListenerEvents = "listener.events";
    public const string ListenerWatch = "listener.watch";
    public const string ListenerStop = "listener.stop";
    public const string ListenerSend = "listener.send";
    public const string AgentResolve = "agent.resolve";
    public const string AgentProbe = "agent.probe";
    public const string AgentUdp = "agent.udp";
    public const string AgentTcp = "agent.tcp";
    public const string AgentPlan = "agent.plan";
    public const string AgentScan = "agent.scan";
    public const string AgentListen = "agent.listen";
    public const string AgentDisconnect = "agent.disconnect";
}
