using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Scan;

/// <summary>Whether a scanned host answered. On the wire: the lower-case names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HostState>))]
public enum HostState
{
    /// <summary>Something answered (see <see cref="HostResult.Method"/>): its ports are scanned.</summary>
    [JsonStringEnumMemberName("up")] Up,

    /// <summary>Nothing answered, or the network said it cannot be reached: its ports are not scanned.</summary>
    [JsonStringEnumMemberName("down")] Down,
}
