namespace Dashboard.Contracts.Probe;

/// <summary>Connect to a host and port, send bytes, and close: the sending end of a two-ended path check.</summary>
/// <param name="Host">A name or an address literal.</param>
/// <param name="Port">1-65535.</param>
/// <param name="PayloadBase64">The bytes to send, base64 (at most 4 KiB).</param>
/// <param name="TimeoutMs">How long the connect may take; the probe default when null.</param>
public sealed record TcpSendRequest(string Host, int Port, string PayloadBase64, int? TimeoutMs = null);

/// <summary>What a connect-and-send told.</summary>
/// <param name="Connect">The connect, as a probe reports it (state, code, <c>getsockname()</c>, <c>getpeername()</c>, round trip).</param>
/// <param name="BytesSent">Bytes written before the socket was shut down; 0 when the connect failed.</param>
public sealed record TcpSendResult(ProbeResult Connect, int BytesSent);
