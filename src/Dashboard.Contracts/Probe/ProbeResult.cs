using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Probe;

/// <summary>Everything one connect attempt told.</summary>
/// <param name="Host">The host as the request gave it.</param>
/// <param name="Address">The address that was tried (the first one the name resolved to); null when resolution failed.</param>
/// <param name="Port">The port that was tried.</param>
/// <param name="State">The outcome.</param>
/// <param name="Code">What <c>connect_ex</c> returns: 0 when open, else the platform's native error code (Linux errno).</param>
/// <param name="CodeName">The platform's name for <see cref="Code"/> (<c>ECONNREFUSED</c>; <c>WSAECONNREFUSED</c> on Windows), <c>OK</c> for 0.</param>
/// <param name="SocketError">The .NET <c>SocketError</c> name.</param>
/// <param name="Message">One plain-language line on what the outcome means.</param>
/// <param name="RttMs">Milliseconds from the connect call to its outcome; null when no connect was made.</param>
/// <param name="LocalEndPoint"><c>getsockname()</c> as "ip:port" (IPv6 in brackets), when the socket had one.</param>
/// <param name="RemoteEndPoint"><c>getpeername()</c>, only when connected.</param>
/// <param name="At">When the connect started (UTC).</param>
/// <param name="Service">The port's common service name from the IANA registry (<c>ssh</c>, <c>postgresql</c>); null when it has none.</param>
/// <param name="Attempts">How many connects a scan made for this result when it needed retries (a connect without an answer is retried with a fresh one); null when the first connect decided.</param>
/// <param name="Id">A probe's id in the history (its page is <c>/probe/{id}</c>, its record <c>GET /api/history/{id}</c>); null for a scan's results, or when nothing was stored.</param>
public sealed record ProbeResult(
    string Host,
    string? Address,
    int Port,
    ProbeState State,
    int Code,
    string CodeName,
    string SocketError,
    string Message,
    double? RttMs,
    string? LocalEndPoint,
    string? RemoteEndPoint,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Service = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Attempts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null)
{
    /// <summary>The vantage point that made it ("this server" or the agent's name); set by the dashboard.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? From { get; init; }
}
