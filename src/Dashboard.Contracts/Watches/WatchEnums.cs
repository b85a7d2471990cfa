using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Watches;

/// <summary>What a watch checks.</summary>
[JsonConverter(typeof(WireEnumConverter<WatchKind>))]
public enum WatchKind
{
    /// <summary>A TCP connect (optionally a send and a reply to match).</summary>
    [JsonStringEnumMemberName("tcp")] Tcp,

    /// <summary>A UDP datagram and what comes back.</summary>
    [JsonStringEnumMemberName("udp")] Udp,

    /// <summary>A two-ended path check between two vantage points.</summary>
    [JsonStringEnumMemberName("path")] Path,

    /// <summary>A scan whose open ports must equal a baseline.</summary>
    [JsonStringEnumMemberName("scan")] Scan,

    /// <summary>A TLS handshake whose certificate must validate, match the name and stay valid for a while.</summary>
    [JsonStringEnumMemberName("tls")] Tls,
}

/// <summary>What a run must find to pass.</summary>
[JsonConverter(typeof(WireEnumConverter<WatchExpectation>))]
public enum WatchExpectation
{
    /// <summary>TCP: the connect succeeds (and the reply matches, when one is expected).</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>TCP: refused (ECONNREFUSED).</summary>
    [JsonStringEnumMemberName("closed")] Closed,

    /// <summary>TCP: no answer within the timeout.</summary>
    [JsonStringEnumMemberName("filtered")] Filtered,

    /// <summary>TCP: anything but open (closed, filtered or unreachable).</summary>
    [JsonStringEnumMemberName("not-open")] NotOpen,

    /// <summary>UDP: a reply (matching, when a match is given).</summary>
    [JsonStringEnumMemberName("reply")] Reply,

    /// <summary>UDP: an ICMP port unreachable (ECONNREFUSED).</summary>
    [JsonStringEnumMemberName("refused")] Refused,

    /// <summary>UDP: no reply and no refusal.</summary>
    [JsonStringEnumMemberName("silence")] Silence,

    /// <summary>Path: the bytes arrived at the listening end.</summary>
    [JsonStringEnumMemberName("reachable")] Reachable,

    /// <summary>Path: they did not.</summary>
    [JsonStringEnumMemberName("blocked")] Blocked,

    /// <summary>Scan: the open ports equal the baseline.</summary>
    [JsonStringEnumMemberName("baseline")] Baseline,

    /// <summary>TLS: the chain validates, the name matches and every certificate has at least <c>minDaysLeft</c> days left.</summary>
    [JsonStringEnumMemberName("valid")] Valid,
}

/// <summary>How a reply is matched.</summary>
[JsonConverter(typeof(WireEnumConverter<WatchMatchKind>))]
public enum WatchMatchKind
{
    /// <summary>The reply contains the text (UTF-8, ordinal).</summary>
    [JsonStringEnumMemberName("text")] Text,

    /// <summary>The reply contains the bytes (hex digits).</summary>
    [JsonStringEnumMemberName("hex")] Hex,

    /// <summary>The reply, read as UTF-8, matches the .NET regular expression (1 s match timeout).</summary>
    [JsonStringEnumMemberName("regex")] Regex,
}

/// <summary>A watch's state at one vantage point.</summary>
[JsonConverter(typeof(WireEnumConverter<WatchStatus>))]
public enum WatchStatus
{
    /// <summary>Not run yet, or not confirmed either way.</summary>
    [JsonStringEnumMemberName("unknown")] Unknown,

    /// <summary>The expectation holds (confirmed).</summary>
    [JsonStringEnumMemberName("up")] Up,

    /// <summary>The expectation fails (confirmed): an incident is open.</summary>
    [JsonStringEnumMemberName("down")] Down,

    /// <summary>The watch is paused.</summary>
    [JsonStringEnumMemberName("paused")] Paused,
}
