using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Tls;

/// <summary>What a TLS handshake showed: the connection's terms, the chain as presented, and the verdicts in words.</summary>
/// <param name="Host">The host as the request gave it.</param>
/// <param name="Address">The address connected to; null when the name did not resolve.</param>
/// <param name="Port">The port.</param>
/// <param name="State">The outcome.</param>
/// <param name="Message">One plain line on the outcome: why the handshake failed, or what is wrong with the certificate.</param>
/// <param name="Sni">The server name sent; null when none was.</param>
/// <param name="StartTls">The protocol spoken before the upgrade, when one was.</param>
/// <param name="Protocol">The TLS version agreed, as OpenSSL names it (<c>TLSv1.3</c>); null without a handshake.</param>
/// <param name="CipherSuite">The cipher suite's IANA name (<c>TLS_AES_256_GCM_SHA384</c>).</param>
/// <param name="CipherOpenSsl">The same suite as OpenSSL names it (<c>ECDHE-RSA-AES256-GCM-SHA384</c>).</param>
/// <param name="AlpnOffered">The application protocols offered.</param>
/// <param name="AlpnChosen">The one the server chose; null when it chose none.</param>
/// <param name="ConnectMs">The TCP connect, in milliseconds.</param>
/// <param name="HandshakeMs">The TLS handshake alone (after any STARTTLS exchange), in milliseconds.</param>
/// <param name="Chain">The certificates as the server sent them, leaf first.</param>
/// <param name="NameChecked">The name (or address) the leaf was checked against.</param>
/// <param name="NameMatches">Whether the leaf's subject alternative names cover <paramref name="NameChecked"/>; null without a certificate.</param>
/// <param name="NameMessage">That check in words.</param>
/// <param name="ChainVerdict">Whether the chain validates against the trusted roots, and if not the main reason.</param>
/// <param name="ChainProblems">Every reason the chain does not validate, in words.</param>
/// <param name="LocalEndPoint"><c>getsockname()</c> of the connection.</param>
/// <param name="At">When the connect started (UTC).</param>
/// <param name="Id">The check's id in the history (its page is <c>/tls/{id}</c>); null when nothing was stored.</param>
public sealed record TlsCheckResult(
    string Host,
    string? Address,
    int Port,
    TlsState State,
    string Message,
    string? Sni,
    StartTlsProtocol? StartTls,
    string? Protocol,
    string? CipherSuite,
    string? CipherOpenSsl,
    IReadOnlyList<string> AlpnOffered,
    string? AlpnChosen,
    double? ConnectMs,
    double? HandshakeMs,
    IReadOnlyList<TlsCertificate> Chain,
    string? NameChecked,
    bool? NameMatches,
    string NameMessage,
    ChainVerdict? ChainVerdict,
    IReadOnlyList<string> ChainProblems,
    string? LocalEndPoint,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null)
{
    /// <summary>The vantage point that connected; set by the dashboard.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? From { get; init; }

    /// <summary>Days left on the certificate that expires first; null without a chain.</summary>
    [JsonIgnore]
    public int? MinDaysLeft => Chain.Count == 0 ? null : Chain.Min(c => c.DaysLeft);
}

/// <summary>One certificate as presented.</summary>
/// <param name="Subject">Its subject, as OpenSSL prints it with <c>-nameopt RFC2253</c> (<c>CN=www.test,O=Lab</c>).</param>
/// <param name="SubjectAltNames">Its DNS names and IP addresses (<c>DNS:www.test</c>, <c>IP:127.0.0.1</c>).</param>
/// <param name="Issuer">Its issuer, in the same form.</param>
/// <param name="NotBefore">Valid from (UTC).</param>
/// <param name="NotAfter">Valid until (UTC).</param>
/// <param name="DaysLeft">Whole days from the check to <paramref name="NotAfter"/>; negative once expired.</param>
/// <param name="KeyType"><c>RSA</c>, <c>EC</c>, <c>Ed25519</c>, <c>DSA</c> or the key's OID.</param>
/// <param name="KeyBits">The key's size in bits.</param>
/// <param name="SignatureAlgorithm">As OpenSSL names it (<c>sha256WithRSAEncryption</c>, <c>ecdsa-with-SHA256</c>).</param>
/// <param name="Sha256">The SHA-256 fingerprint, upper-case hex in colon-separated pairs, as <c>openssl x509 -fingerprint -sha256</c>.</param>
/// <param name="SerialNumber">Upper-case hex.</param>
/// <param name="SelfSigned">Whether its issuer is its own subject.</param>
public sealed record TlsCertificate(
    string Subject,
    IReadOnlyList<string> SubjectAltNames,
    string Issuer,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    int DaysLeft,
    string KeyType,
    int KeyBits,
    string SignatureAlgorithm,
    string Sha256,
    string SerialNumber,
    bool SelfSigned);

/// <summary>How a TLS check ended.</summary>
[JsonConverter(typeof(WireEnumConverter<TlsState>))]
public enum TlsState
{
    /// <summary>The handshake succeeded, the chain validates and the name matches.</summary>
    [JsonStringEnumMemberName("valid")] Valid,

    /// <summary>The handshake succeeded, but the chain does not validate or the name does not match.</summary>
    [JsonStringEnumMemberName("invalid")] Invalid,

    /// <summary>Connected, but no TLS session came of it (no TLS on that port, no protocol or cipher in common, STARTTLS refused).</summary>
    [JsonStringEnumMemberName("handshake-failed")] HandshakeFailed,

    /// <summary>The TCP connect failed (refused, timed out, unreachable).</summary>
    [JsonStringEnumMemberName("unreachable")] Unreachable,

    /// <summary>The name did not resolve, the policy denied the target, or anything else.</summary>
    [JsonStringEnumMemberName("error")] Error,
}

/// <summary>Whether the presented chain validates, and if not the main reason (as <c>openssl verify</c> would put it).</summary>
[JsonConverter(typeof(WireEnumConverter<ChainVerdict>))]
public enum ChainVerdict
{
    /// <summary>It chains to a trusted root and every certificate is in its validity period.</summary>
    [JsonStringEnumMemberName("valid")] Valid,

    /// <summary>A certificate has expired.</summary>
    [JsonStringEnumMemberName("expired")] Expired,

    /// <summary>A certificate is not valid yet.</summary>
    [JsonStringEnumMemberName("not-yet-valid")] NotYetValid,

    /// <summary>The leaf is self-signed and not trusted.</summary>
    [JsonStringEnumMemberName("self-signed")] SelfSigned,

    /// <summary>An issuer was not sent and is not trusted here: the chain cannot be completed.</summary>
    [JsonStringEnumMemberName("incomplete")] Incomplete,

    /// <summary>The chain ends in a root, or an issuer the server rightly did not send, that is not trusted here.</summary>
    [JsonStringEnumMemberName("untrusted-root")] UntrustedRoot,

    /// <summary>Anything else (a bad signature, a constraint broken, a revoked or unusable certificate).</summary>
    [JsonStringEnumMemberName("other")] Other,
}
