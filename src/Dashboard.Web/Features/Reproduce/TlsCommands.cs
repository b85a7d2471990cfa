using Dashboard.Contracts.Reproduce;
using Dashboard.Contracts.Tls;
using static Dashboard.Web.Features.Reproduce.CommandParts;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>A TLS check, by hand: <c>openssl s_client</c> with the same address, port, SNI, ALPN and STARTTLS.</summary>
public static class TlsCommands
{
    /// <param name="result">The check's result: the address it connected to, what it sent, and where it was made.</param>
    public static ReproduceCommands For(TlsCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var host = Bare(result.Address ?? result.Host);
        var connect = ShellQuote.Posix(IsIPv6(host) ? $"[{host}]:{Number(result.Port)}" : $"{host}:{Number(result.Port)}");
        var options = new List<string> { "-connect", connect };
        if (result.Sni is { Length: > 0 } sni)
        {
            options.AddRange(["-servername", ShellQuote.Posix(sni), "-verify_hostname", ShellQuote.Posix(sni)]);
        }
        else
        {
            options.Add("-noservername");
            if (result.NameChecked is { Length: > 0 } address && System.Net.IPAddress.TryParse(address, out _))
            {
                options.AddRange(["-verify_ip", ShellQuote.Posix(address)]);
            }
        }

        if (result.AlpnOffered.Count > 0)
        {
            options.AddRange(["-alpn", ShellQuote.Posix(string.Join(',', result.AlpnOffered))]);
        }

        if (result.StartTls is { } startTls)
        {
            options.AddRange(["-starttls", StartTlsName(startTls)]);
        }

        var common = string.Join(' ', options);
        return new ReproduceCommands(result.From ?? ThisServer,
        [
            Posix("openssl", $"openssl s_client {common} -brief </dev/null",
                "the protocol, the cipher, the ALPN chosen and \"Verification: OK\" or the reason the chain (or name) does not verify"),
            Posix("openssl", $"openssl s_client {common} -showcerts </dev/null",
                "every certificate as the server sent it (PEM), then \"Verify return code: 0 (ok)\" or the first problem"),
            Posix("openssl", $"openssl s_client {common} </dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -dates -ext subjectAltName -fingerprint -sha256",
                "the leaf certificate's subject, issuer, validity, names and fingerprint"),
            Posix("nmap", $"nmap {(IsIPv6(host) ? "-6 " : "")}-Pn -sT -p {Number(result.Port)} --script ssl-cert {ShellQuote.Posix(host)}",
                "the leaf certificate's subject, names, key and validity" + (result.StartTls is null ? "" : " (nmap speaks STARTTLS for the common protocols itself)")),
        ]);
    }

    private static string StartTlsName(StartTlsProtocol protocol) => protocol switch
    {
        StartTlsProtocol.Smtp => "smtp",
        StartTlsProtocol.Imap => "imap",
        StartTlsProtocol.Pop3 => "pop3",
        StartTlsProtocol.Ftp => "ftp",
        _ => "postgres",
    };
}
