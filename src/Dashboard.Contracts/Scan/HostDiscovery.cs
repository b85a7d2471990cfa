using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Scan;

/// <summary>Whether a scan first finds out which hosts are up. On the wire: the lower-case names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HostDiscovery>))]
public enum HostDiscovery
{
    /// <summary>On when the scan covers more than one address (a range, a CIDR block, several targets); off for one host.</summary>
    [JsonStringEnumMemberName("auto")] Auto,

    /// <summary>Always: only hosts that answer are port-scanned.</summary>
    [JsonStringEnumMemberName("on")] On,

    /// <summary>Never: every address is scanned as if it were up (nmap's -Pn).</summary>
    [JsonStringEnumMemberName("off")] Off,
}
