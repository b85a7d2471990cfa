using System.Text.Json.Serialization;
using Dashboard.Contracts.Listeners;

namespace Dashboard.Contracts.Paths;

/// <summary>What a path matrix row expects of the path.</summary>
[JsonConverter(typeof(WireEnumConverter<PathExpectation>))]
public enum PathExpectation
{
    /// <summary>The nonce arrives at the far end.</summary>
    [JsonStringEnumMemberName("reachable")] Reachable,
    /// <summary>Nothing arrives at the far end.</summary>
    [JsonStringEnumMemberName("blocked")] Blocked,
}

/// <summary>
/// A two-ended path check: a listener at <paramref name="To"/>, a connect (tcp) or a datagram (udp) from
/// <paramref name="From"/> carrying a random nonce, then the listener is closed.
/// </summary>
/// <param name="From">The sending vantage point (an agent's name or id); this server when null.</param>
/// <param name="To">The receiving vantage point; this server when null.</param>
/// <param name="Port">1-65535: where the listener at <paramref name="To"/> listens.</param>
/// <param name="Protocol"><c>tcp</c> (default) or <c>udp</c>.</param>
/// <param name="Host">The address (or name) <paramref name="From"/> sends to; default: the receiving agent's first advertised address.</param>
/// <param name="TimeoutMs">How long to wait for the nonce to arrive (default 3000, at most 30000).</param>
public sealed record PathCheckRequest(
    string? From,
    string? To,
    int Port,
    ListenerProtocol? Protocol = null,
    string? Host = null,
    int? TimeoutMs = null);

/// <summary>What a path check found.</summary>
/// <param name="From">The sending vantage point's name.</param>
/// <param name="To">The receiving vantage point's name.</param>
/// <param name="Host">Where the sender sent to.</param>
/// <param name="Port">The port.</param>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="Outcome"><c>reachable</c> when the nonce arrived, else <c>blocked</c>.</param>
/// <param name="Arrived">Whether the nonce (or, for tcp, at least the connection) arrived.</param>
/// <param name="SenderState">How the send went at the sender: a probe state (<c>open</c>, <c>closed</c>, <c>filtered</c>, ...) for tcp; a UDP state for udp.</param>
/// <param name="SenderCodeName">The sender's error name (<c>OK</c>, <c>ECONNREFUSED</c>, ...).</param>
/// <param name="SentFrom">The sender's own address and port (<c>getsockname()</c>).</param>
/// <param name="SeenFrom">The source the receiver saw (<c>getpeername()</c> of the accepted connection, or the datagram's source).</param>
/// <param name="NatDetected">The receiver saw another source address than the sender's own: an address translation on the way.</param>
/// <param name="PortTranslated">The receiver saw another source port than the sender's own.</param>
/// <param name="PayloadIntact">The bytes arrived exactly as sent; false: changed on the way; null: nothing arrived.</param>
/// <param name="BytesSent">Nonce bytes sent.</param>
/// <param name="BytesSeen">Bytes the receiver saw.</param>
/// <param name="RttMs">The sender's connect round trip (tcp); null for udp, whose arrival is seen at the far end by another clock.</param>
/// <param name="Detail">What happened, in a line.</param>
/// <param name="At">When the check started (UTC).</param>
public sealed record PathCheckResult(
    string From,
    string To,
    string Host,
    int Port,
    ListenerProtocol Protocol,
    PathExpectation Outcome,
    bool Arrived,
    string SenderState,
    string SenderCodeName,
    string? SentFrom,
    string? SeenFrom,
    bool NatDetected,
    bool PortTranslated,
    bool? PayloadIntact,
    int BytesSent,
    int BytesSeen,
    double? RttMs,
    string Detail,
    DateTimeOffset At);

/// <summary>One row of a path matrix: a path check and what it must show.</summary>
public sealed record PathMatrixRow(
    string? From,
    string? To,
    int Port,
    ListenerProtocol? Protocol,
    PathExpectation Expect,
    string? Host = null);

/// <summary>A path matrix: rows checked together (at most 64, up to 8 at once).</summary>
/// <param name="Name">What the matrix asserts ("db firewall"); names the JUnit test suite.</param>
/// <param name="Rows">The rows.</param>
/// <param name="TimeoutMs">How long each row waits for its nonce (default 3000).</param>
public sealed record PathMatrixRequest(string? Name, IReadOnlyList<PathMatrixRow>? Rows, int? TimeoutMs = null);

/// <summary>A row's verdict.</summary>
/// <param name="Row">The row as asked.</param>
/// <param name="Passed">The outcome is what the row expected.</param>
/// <param name="Check">What the check found; null when the row could not be run (see <paramref name="Error"/>).</param>
/// <param name="Error">Why the row could not be run (an unknown or offline vantage point, a refusal); the row then fails.</param>
public sealed record PathMatrixRowResult(PathMatrixRow Row, bool Passed, PathCheckResult? Check, string? Error);

/// <summary>A path matrix's results: storable as it is (history), exportable as JSON and JUnit XML.</summary>
public sealed record PathMatrixResult(
    string Id,
    string Name,
    string Owner,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int Passed,
    int Failed,
    IReadOnlyList<PathMatrixRowResult> Rows);
