using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// One message between instances on Redis, published to the receiver's channel (docs/peer-protocol.md). A call is
/// answered by one <see cref="PeerMessageTypes.Reply"/>, or by <see cref="PeerMessageTypes.Item"/>s and one
/// <see cref="PeerMessageTypes.End"/>; the caller may send <see cref="PeerMessageTypes.Cancel"/> (its watcher went away).
/// </summary>
/// <param name="Version">The peer protocol's version (<see cref="CurrentVersion"/>): a message of another version is refused, and logged.</param>
/// <param name="Type">One of <see cref="PeerMessageTypes"/>.</param>
/// <param name="Id">The call's id.</param>
/// <param name="From">The sending instance: where replies go.</param>
/// <param name="Call">A call's request: one record per operation.</param>
/// <param name="Body">A reply's result, an item.</param>
/// <param name="ErrorKind">A refusal's kind (<see cref="Contracts.Errors.ErrorKind"/> by name), or <c>lost</c> when the work's vantage point went away.</param>
/// <param name="Error">The refusal's message, for the user.</param>
internal sealed record PeerMessage(int Version, string Type, string Id, string From, PeerCall? Call = null, JsonElement? Body = null,
    string? ErrorKind = null, string? Error = null)
{
    /// <summary>
    /// This build's peer protocol. Instances of one deployment run one version; raise it with any change to these
    /// records, so a mixed deployment says so instead of misreading calls.
    /// </summary>
    public const int CurrentVersion = 2;
}

internal static class PeerMessageTypes
{
    public const string Call = "call";
    public const string Reply = "reply";
    public const string Item = "item";
    public const string End = "end";
    public const string Cancel = "cancel";
}

/// <summary>What one instance asks of another: work on an agent connected there, or on a listener or scan running there.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op")]
[JsonDerivedType(typeof(CancelScan), "scan.cancel")]
[JsonDerivedType(typeof(ListListeners), "listeners.list")]
[JsonDerivedType(typeof(FindListener), "listener.find")]
[JsonDerivedType(typeof(ReadListenerEvents), "listener.events")]
[JsonDerivedType(typeof(WatchListener), "listener.watch")]
[JsonDerivedType(typeof(StopListener), "listener.stop")]
[JsonDerivedType(typeof(SendToListener), "listener.send")]
[JsonDerivedType(typeof(GreetingOfAgent), "agent.hello")]
[JsonDerivedType(typeof(RelayToAgent), "agent.relay")]
[JsonDerivedType(typeof(DisconnectAgent), "agent.disconnect")]
[JsonDerivedType(typeof(FollowAgentListener), "agent.listener.follow")]
internal abstract record PeerCall
{
    /// <summary>Answered by items and an end, not by one reply.</summary>
    [JsonIgnore]
    public abstract bool Streams { get; }
}

/// <summary>A call answered by one <typeparamref name="TResult"/>.</summary>
internal abstract record PeerCall<TResult> : PeerCall
{
    public sealed override bool Streams => false;
}

/// <summary>A call answered by a stream of <typeparamref name="TItem"/>s.</summary>
internal abstract record PeerStream<TItem> : PeerCall
{
    public sealed override bool Streams => true;
}

/// <summary>Cancels a scan this process runs; false when it runs no such scan.</summary>
internal sealed record CancelScan(string ScanId, string Reason) : PeerCall<bool>;

/// <summary>Its listeners, open and recently stopped.</summary>
internal sealed record ListListeners : PeerCall<ListenerInfo[]>;

/// <summary>One of its listeners, or null.</summary>
internal sealed record FindListener(string ListenerId) : PeerCall<ListenerInfo?>;

/// <summary>A listener's kept events numbered after <paramref name="After"/>, at most <paramref name="Max"/>.</summary>
internal sealed record ReadListenerEvents(string ListenerId, long After, int Max) : PeerCall<ListenerEvent[]>;

/// <summary>A listener's events as they happen, until it stops.</summary>
internal sealed record WatchListener(string ListenerId) : PeerStream<ListenerEvent>;

/// <summary>Stops a listener; its info once stopped.</summary>
internal sealed record StopListener(string ListenerId, string Reason) : PeerCall<ListenerInfo>;

/// <summary>Sends bytes by hand into a listener's conversation, as <paramref name="Sender"/>.</summary>
internal sealed record SendToListener(string ListenerId, ListenerSendRequest Request, string Sender) : PeerCall<ListenerEvent>;

/// <summary>What an agent connected there said when it connected (its capabilities, addresses), or null when it is not connected there.</summary>
internal sealed record GreetingOfAgent(string AgentId) : PeerCall<AgentHello?>;

/// <summary>
/// Forwards one <see cref="AgentCommand"/> to an agent connected there, as it is: whatever its kind, the answer is the
/// agent's own, relayed as items (a scan's chunks, then the agent's reply).
/// </summary>
internal sealed record RelayToAgent(string AgentId, AgentCommand Command) : PeerStream<AgentRelayed>;

/// <summary>One relayed part of an agent's answer: a stream's chunk, or its reply (the last item).</summary>
internal sealed record AgentRelayed(AgentScanChunk? Chunk = null, AgentReply? Reply = null);

/// <summary>Drops an agent connected there (it was revoked); whether it was connected.</summary>
internal sealed record DisconnectAgent(string AgentId) : PeerCall<bool>;

/// <summary>
/// A listener an agent connected there opened for a caller's user (the relayed reply, checked by the caller): kept there, where its
/// events arrive, as <paramref name="Owner"/>'s; its info as kept there, or null when the agent is no longer connected there.
/// </summary>
internal sealed record FollowAgentListener(string AgentId, ListenerInfo Info, string Owner) : PeerCall<ListenerInfo?>;

internal static class PeerVersions
{
    /// <summary>The version a message says it speaks, read without reading the rest; null when it says none.</summary>
    public static int? Of(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("version", out var version)
                && version.TryGetInt32(out var number) ? number : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
