using System.ComponentModel.DataAnnotations;

namespace Dashboard.Sockets.Tls;

/// <summary>Bounds and trust of a TLS check. Configuration section <c>Sockets:Tls</c>.</summary>
public sealed class TlsOptions
{
    public const string Section = "Sockets:Tls";

    /// <summary>How long connect, STARTTLS and handshake may take together when a request does not say. Defaults to 10,000 ms.</summary>
    [Range(100, 120_000)]
    public int DefaultTimeoutMs { get; set; } = 10_000;

    /// <summary>The longest a request may ask for. Defaults to 30,000 ms.</summary>
    [Range(100, 120_000)]
    public int MaxTimeoutMs { get; set; } = 30_000;

    /// <summary>
    /// PEM files of certificate authorities trusted besides the system's store (an internal CA). Defaults to none. Trust
    /// only colours the verdict: a check never refuses to report a chain it does not trust.
    /// </summary>
    public List<string> ExtraTrustedCaFiles { get; set; } = [];

    /// <summary>Certificates of a presented chain that are reported; more are counted in the chain problems. Defaults to 10.</summary>
    [Range(1, 100)]
    public int MaxChainCertificates { get; set; } = 10;
}
