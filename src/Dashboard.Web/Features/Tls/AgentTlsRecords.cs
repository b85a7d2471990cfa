using Dashboard.Contracts.Tls;
using Dashboard.Web.Features.Agents.Link;

namespace Dashboard.Web.Features.Tls;

/// <summary>An agent's TLS result taken only as far as it answers the request: texts cleaned and bounded, lists capped.</summary>
public static class AgentTlsRecords
{
    /// <summary>The most certificates and problems taken from an agent's answer.</summary>
    public const int MaxItems = 32;

    public static TlsCheckResult Clean(TlsCheckResult result, TlsCheckRequest request, string? address) => result with
    {
        Host = request.Host,
        Address = address,
        Port = request.Port,
        Message = AgentText.Clean(result.Message, AgentText.MaxLine),
        Sni = AgentText.CleanOrNull(result.Sni, 253),
        StartTls = request.StartTls,
        Protocol = AgentText.CleanOrNull(result.Protocol, AgentText.MaxName),
        CipherSuite = AgentText.CleanOrNull(result.CipherSuite, AgentText.MaxName),
        CipherOpenSsl = AgentText.CleanOrNull(result.CipherOpenSsl, AgentText.MaxName),
        AlpnOffered = [.. (result.AlpnOffered ?? []).Take(MaxItems).Select(p => AgentText.Clean(p, 255))],
        AlpnChosen = AgentText.CleanOrNull(result.AlpnChosen, 255),
        Chain = [.. (result.Chain ?? []).Take(MaxItems).Select(Certificate)],
        NameChecked = AgentText.CleanOrNull(result.NameChecked, 253),
        NameMessage = AgentText.Clean(result.NameMessage, AgentText.MaxLine),
        ChainProblems = [.. (result.ChainProblems ?? []).Take(MaxItems).Select(p => AgentText.Clean(p, AgentText.MaxLine))],
        LocalEndPoint = AgentText.EndPoint(result.LocalEndPoint),
        Id = null,
        From = null,
    };

    private static TlsCertificate Certificate(TlsCertificate c) => c with
    {
        Subject = AgentText.Clean(c.Subject, AgentText.MaxLine),
        Issuer = AgentText.Clean(c.Issuer, AgentText.MaxLine),
        SubjectAltNames = [.. (c.SubjectAltNames ?? []).Take(100).Select(n => AgentText.Clean(n, 260))],
        KeyType = AgentText.Clean(c.KeyType, AgentText.MaxName),
        SignatureAlgorithm = AgentText.Clean(c.SignatureAlgorithm, AgentText.MaxName),
        Sha256 = AgentText.Clean(c.Sha256, 95),
        SerialNumber = AgentText.Clean(c.SerialNumber, 80),
    };
}
