using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Dashboard.Contracts.Tls;
using Dashboard.Sockets.Probing;

namespace Dashboard.Sockets.Tls;

/// <summary>A TLS check's result as it is gathered: what is known before the handshake, then its end.</summary>
internal sealed class TlsReport(string host, int port, string? sni, StartTlsProtocol? startTls, IReadOnlyList<string> alpnOffered, DateTimeOffset at)
{
    public string? Sni => sni;

    public IReadOnlyList<string> AlpnOffered => alpnOffered;

    public double? ConnectMs { get; set; }

    public double? HandshakeMs { get; set; }

    public TlsCheckResult Failed(IPAddress? address, TlsState state, string message, Socket? socket) =>
        new(host, address?.ToString(), port, state, message, sni, startTls, null, null, null, alpnOffered, null, ConnectMs, HandshakeMs, [],
            null, null, "no certificate: there was no handshake", null, [], socket is null ? null : SocketEndPoints.LocalOf(socket)?.ToString(), at);

    public TlsCheckResult Succeeded(IPAddress address, Socket socket, string protocol, string suite, string suiteOpenSsl, string? alpnChosen,
        List<X509Certificate2> presented, X509Certificate2Collection roots, int maxCertificates)
    {
        try
        {
            if (presented.Count == 0)
            {
                return new(host, address.ToString(), port, TlsState.Invalid, "the server presented no certificate", sni, startTls, protocol, suite, suiteOpenSsl,
                    alpnOffered, alpnChosen, ConnectMs, HandshakeMs, [], null, null, "no certificate to check", ChainVerdict.Other, ["no certificate was presented"],
                    SocketEndPoints.LocalOf(socket)?.ToString(), at);
            }

            // The name checked: the one sent as SNI, else the address connected to.
            var name = sni ?? address.ToString();
            var (matches, nameWords) = NameMatch.Check(presented[0], name);
            var (verdict, problems) = ChainCheck.Judge(presented, roots, at);
            var chain = presented.Take(maxCertificates).Select(c => CertificateFacts.Of(c, at)).ToList();
            if (presented.Count > maxCertificates)
            {
                problems = [.. problems, $"the server sent {presented.Count} certificates; the first {maxCertificates} are shown"];
            }

            var state = matches && verdict == ChainVerdict.Valid ? TlsState.Valid : TlsState.Invalid;
            var message = state == TlsState.Valid
                ? $"{protocol}, the chain validates and {nameWords}"
                : string.Join("; ", (verdict == ChainVerdict.Valid ? [] : problems.Take(1)).Concat(matches ? [] : [nameWords]));
            return new(host, address.ToString(), port, state, message, sni, startTls, protocol, suite, suiteOpenSsl, alpnOffered, alpnChosen, ConnectMs,
                HandshakeMs, chain, name, matches, nameWords, verdict, problems, SocketEndPoints.LocalOf(socket)?.ToString(), at);
        }
        finally
        {
            foreach (var certificate in presented)
            {
                certificate.Dispose();
            }
        }
    }
}
