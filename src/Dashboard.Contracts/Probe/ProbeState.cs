using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Probe;

/// <summary>What a TCP connect attempt found. On the wire: the lower-case names.</summary>
[JsonConverter(typeof(WireEnumConverter<ProbeState>))]
public enum ProbeState
{
    /// <summary>The handshake completed: something accepts connections.</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>The host answered with a reset: nothing listens there.</summary>
    [JsonStringEnumMemberName("closed")] Closed,

    /// <summary>No answer before the timeout: dropped on the way or by the host.</summary>
    [JsonStringEnumMemberName("filtered")] Filtered,

    /// <summary>A router or the local stack says the host or network cannot be reached.</summary>
    [JsonStringEnumMemberName("unreachable")] Unreachable,

    /// <summary>The name did not resolve, a policy refused, or anything else went wrong.</summary>
    [JsonStringEnumMemberName("error")] Error,
}
