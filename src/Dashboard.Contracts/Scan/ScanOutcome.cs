using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Scan;

/// <summary>How a scan ended.</summary>
[JsonConverter(typeof(WireEnumConverter<ScanOutcome>))]
public enum ScanOutcome
{
    /// <summary>Every probe was made.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>A user cancelled it, or the stream that started it closed.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,

    /// <summary>The engine failed; the reason is kept.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The server stopped while it ran (or, later, its agent dropped); what arrived is kept.</summary>
    [JsonStringEnumMemberName("interrupted")] Interrupted,
}
