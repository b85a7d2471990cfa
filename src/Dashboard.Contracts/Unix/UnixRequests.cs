using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Unix;

/// <summary>A Unix-domain socket path to connect to, as Python's <c>socket(AF_UNIX, type).connect_ex(path)</c> would.</summary>
/// <param name="Path">An absolute path of at most 107 bytes, under a directory the policy allows; no <c>..</c>.</param>
/// <param name="Type"><c>stream</c> (<c>SOCK_STREAM</c>, the default) or <c>datagram</c> (<c>SOCK_DGRAM</c>).</param>
public sealed record UnixProbeRequest(string Path, UnixSocketType? Type = null)
{
    /// <summary>The vantage point to connect from: an agent's name or id; this server when null.</summary>
    public string? From { get; init; }
}

/// <summary>One datagram (<c>SOCK_DGRAM</c>) to a Unix socket path, and how long to wait for its reply.</summary>
/// <param name="Path">As <see cref="UnixProbeRequest.Path"/>.</param>
/// <param name="Payload">The datagram's bytes, written in <paramref name="Encoding"/>; may be empty.</param>
/// <param name="Encoding"><c>text</c> (UTF-8, the default), <c>hex</c> or <c>base64</c>.</param>
/// <param name="WaitReplyMs">
/// How long to wait for one reply (the server's default when null). Above 0 the sending socket is bound to an abstract
/// address of its own, so the peer has somewhere to answer; 0 sends and returns at once, from an unbound socket.
/// </param>
public sealed record UnixSendRequest(string Path, string? Payload, PayloadEncoding? Encoding = null, int? WaitReplyMs = null)
{
    /// <summary>The vantage point to send from: an agent's name or id; this server when null.</summary>
    public string? From { get; init; }
}

/// <summary>The socket type, as <c>socket(AF_UNIX, ...)</c> takes it.</summary>
[JsonConverter(typeof(WireEnumConverter<UnixSocketType>))]
public enum UnixSocketType
{
    /// <summary><c>SOCK_STREAM</c>.</summary>
    [JsonStringEnumMemberName("stream")] Stream,

    /// <summary><c>SOCK_DGRAM</c>.</summary>
    [JsonStringEnumMemberName("datagram")] Datagram,
}
