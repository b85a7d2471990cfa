using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Tls;

/// <summary>A TLS handshake with one host and port, to report what the server presents (never to trust it).</summary>
/// <param name="Host">A name, an IPv4 or an IPv6 literal.</param>
/// <param name="Port">1-65535.</param>
/// <param name="Sni">
/// The server name to send (SNI), and the name the certificate is checked against. Null: the host name as given (none
/// for an address literal); empty: send none (the certificate is then checked against the address).
/// </param>
/// <param name="StartTls">Speak this protocol in plain text first and ask it to upgrade; null for TLS from the first byte.</param>
/// <param name="Alpn">Application protocols to offer, in order of preference; null offers <c>h2</c>, <c>http/1.1</c>; empty offers none.</param>
/// <param name="TimeoutMs">How long the whole exchange (connect, STARTTLS, handshake) may take; the server's default when null.</param>
public sealed record TlsCheckRequest(
    string Host,
    int Port,
    string? Sni = null,
    StartTlsProtocol? StartTls = null,
    IReadOnlyList<string>? Alpn = null,
    int? TimeoutMs = null)
{
    /// <summary>The vantage point to connect from: an agent's name or id; this server when null.</summary>
    public string? From { get; init; }

    /// <summary>What is offered when <see cref="Alpn"/> is null.</summary>
    public static IReadOnlyList<string> DefaultAlpn { get; } = ["h2", "http/1.1"];
}

/// <summary>A plain-text protocol that can be asked to switch to TLS on the same connection.</summary>
[JsonConverter(typeof(WireEnumConverter<StartTlsProtocol>))]
public enum StartTlsProtocol
{
    /// <summary>SMTP: <c>EHLO</c>, then <c>STARTTLS</c> (RFC 3207).</summary>
    [JsonStringEnumMemberName("smtp")] Smtp,

    /// <summary>IMAP: <c>a STARTTLS</c> (RFC 3501).</summary>
    [JsonStringEnumMemberName("imap")] Imap,

    /// <summary>POP3: <c>STLS</c> (RFC 2595).</summary>
    [JsonStringEnumMemberName("pop3")] Pop3,

    /// <summary>FTP: <c>AUTH TLS</c> (RFC 4217).</summary>
    [JsonStringEnumMemberName("ftp")] Ftp,

    /// <summary>PostgreSQL: the <c>SSLRequest</c> message.</summary>
    [JsonStringEnumMemberName("postgresql")] Postgresql,
}
