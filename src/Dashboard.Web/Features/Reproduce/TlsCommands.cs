using Dashboard.Contracts.Reproduce;
using Dashboard.Contracts.Tls;
using static Dashboard.Web.Features.Reproduce.CommandParts;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>A TLS check, by hand: <c>openssl s_client</c> with the same address, port, SNI, ALPN and STARTTLS.</summary>
public static class TlsCommands
{
    /// <param name="result">The check's result: the address it connected to, what it sent, and where it was made.</param>
    /// <param name="trustedCaFiles">
    /// The CA files this server trusts besides the system's store (<c>Sockets:Tls:ExtraTrustedCaFiles</c>): openssl is given
    /// the first as <c>-CAfile</c> for a check made here, so it judges the chain as the dashboard did. An agent's own are not known here.
    /// </param>
    public static ReproduceCommands For(TlsCheckResult result, IReadOnlyList<string>? trustedCaFiles = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var host = Bare(result.Address ?? result.Host);
        var connect = ShellQuote.Posix(IsIPv6(host) ? $"[{host}]:{Number(result.Port)}" : $"{host}:{Number(result.Port)}");
        var options = new List<string> { "-connect", connect };
        var here = result.From is null or ThisServer;
        var caFiles = here ? trustedCaFiles ?? [] : [];
        if (caFiles.Count > 0)
        {
            options.AddRange(["-CAfile", ShellQuote.Posix(Path.GetFullPath(caFiles[0]))]);
        }

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
        // openssl takes one -CAfile: say which other files the dashboard trusted besides it.
        var alsoTrusted = caFiles.Count > 1 ? $" (the dashboard also trusts {string.Join(", ", caFiles.Skip(1))}, which openssl is not given)" : "";
        return new ReproduceCommands(result.From ?? ThisServer,
        [
            Posix("openssl", $"openssl s_client {common} -brief </dev/null",
                "the protocol, the cipher, the ALPN chosen, a \"verify error:num=N\" line for each problem of the chain or the name (62: hostname mismatch), "
                + "and \"Verification: OK\" or the last problem" + alsoTrusted),
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
