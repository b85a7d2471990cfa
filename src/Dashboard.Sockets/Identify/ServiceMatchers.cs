using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Dashboard.Contracts.Identify;

namespace Dashboard.Sockets.Identify;

/// <summary>
/// Recognises what a server said, whichever probe it answered (a web server answers a ClientHello with an HTTP 400;
/// Redis answers a <c>HEAD</c> with <c>-ERR unknown command</c>): the protocol's signature first, then what the
/// server announces about itself. Names and products follow nmap's (<c>nmap-service-probes</c>) where it has them.
/// </summary>
public static partial class ServiceMatchers
{
    /// <summary>The match for <paramref name="answer"/>, the reply to <paramref name="probe"/> (<c>banner</c> when nothing was sent); null when nothing fits.</summary>
    public static ServiceMatch? Match(byte[] answer, string probe)
    {
        if (answer.Length == 0)
        {
            return null;
        }

        if (probe == ServiceProbe.Postgres.Name && answer.Length == 1 && answer[0] is (byte)'S' or (byte)'N')
        {
            return PostgresSslAnswer(answer[0]);
        }

        var text = Encoding.Latin1.GetString(answer);
        return Ssh(text) ?? Http(text) ?? Tls(answer) ?? Postgres(answer) ?? MySql(answer) ?? Redis(text) ?? Greeting(text);
    }

    private static ServiceMatch? Ssh(string text)
    {
        if (SshBanner().Match(text) is not { Success: true } m)
        {
            return null;
        }

        var software = m.Groups["software"].Value;
        var underscore = software.IndexOf('_', StringComparison.Ordinal);
        var (product, version) = underscore > 0 ? (software[..underscore], software[(underscore + 1)..]) : (software, null);
        var comment = m.Groups["comment"].Success ? m.Groups["comment"].Value.Trim() : null;
        return new ServiceMatch("ssh", product, version, string.Join(", ", new[] { $"protocol {m.Groups["protocol"].Value}", comment }.Where(s => !string.IsNullOrEmpty(s))),
            IdentifyConfidence.High);
    }

    private static ServiceMatch? Http(string text)
    {
        if (HttpStatus().Match(text) is not { Success: true } status)
        {
            return null;
        }

        var info = $"{status.Groups["status"].Value.Trim()}";
        if (ServerHeader().Match(text) is not { Success: true } server)
        {
            return new ServiceMatch("http", null, null, info, IdentifyConfidence.High);
        }

        var value = server.Groups["value"].Value.Trim();
        var product = ProductVersion().Match(value);
        if (!product.Success)
        {
            return new ServiceMatch("http", value, null, info, IdentifyConfidence.High);
        }

        var name = product.Groups["product"].Value switch
        {
            "Apache" => "Apache httpd",
            "Microsoft-IIS" => "Microsoft IIS httpd",
            var other => other,
        };
        var comment = product.Groups["comment"].Success ? product.Groups["comment"].Value : null;
        return new ServiceMatch("http", name, product.Groups["version"].Value, comment is null ? info : $"{comment}; {info}", IdentifyConfidence.High);
    }

    private static ServiceMatch? Tls(byte[] answer) =>
        TlsHello.Describe(answer) is { } described
            ? new ServiceMatch("ssl", null, null, described, answer[0] == 0x16 ? IdentifyConfidence.High : IdentifyConfidence.Medium)
            : null;

    private static ServiceMatch PostgresSslAnswer(byte answer) => answer == (byte)'S'
        ? new ServiceMatch("postgresql", "PostgreSQL DB", null, "accepts SSL (SSLRequest answered 'S')", IdentifyConfidence.Medium)
        : new ServiceMatch("postgresql", "PostgreSQL DB", null, "no SSL (SSLRequest answered 'N')", IdentifyConfidence.Medium)
        {
            // A startup message for a role that should not exist: the server names the problem in an error packet.
            FollowUp = PostgresStartup("socket-dashboard-identify"),
            Refine = reply => Postgres(reply) is { } known ? known with { Info = $"no SSL; {known.Info}" } : PostgresSslAnswer(answer),
        };

    private static ServiceMatch? Postgres(byte[] answer)
    {
        // An ErrorResponse ('E', int32 length, fields "S<severity>\0...") or an authentication request ('R').
        if (answer.Length < 9 || answer[0] is not ((byte)'E' or (byte)'R') || BinaryPrimitives.ReadInt32BigEndian(answer.AsSpan(1)) is < 8 or > 8_192)
        {
            return null;
        }

        if (answer[0] == (byte)'R')
        {
            return new ServiceMatch("postgresql", "PostgreSQL DB", null, "asks to authenticate", IdentifyConfidence.High);
        }

        var fields = Encoding.UTF8.GetString(answer, 5, answer.Length - 5).Split('\0');
        if (!fields.Any(f => f is "SFATAL" or "SERROR" or "VFATAL"))
        {
            return null;
        }

        var message = fields.FirstOrDefault(f => f.StartsWith('M'))?[1..];
        return new ServiceMatch("postgresql", "PostgreSQL DB", null, message, IdentifyConfidence.High);
    }

    private static ServiceMatch? MySql(byte[] answer)
    {
        // A packet: 3-byte little-endian length, sequence 0, then protocol 10 and the version (greeting) or 0xff (error).
        var length = answer.Length < 6 ? 0 : answer[0] | (answer[1] << 8) | (answer[2] << 16);
        if (answer.Length < 6 || answer[3] != 0 || length is < 2 or > 65_536)
        {
            return null;
        }

        if (answer[4] == 0x0a)
        {
            var end = Array.IndexOf(answer, (byte)0, 5);
            var version = end > 5 ? Encoding.ASCII.GetString(answer, 5, end - 5) : "";
            return MySqlVersion().IsMatch(version)
                ? new ServiceMatch("mysql", version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) ? "MariaDB" : "MySQL", version, null, IdentifyConfidence.High)
                : null;
        }

        return answer[4] == 0xff && answer.Length > 7
            ? new ServiceMatch("mysql", "MySQL", null, Encoding.UTF8.GetString(answer, 7, answer.Length - 7).TrimStart('#'), IdentifyConfidence.Medium)
            : null;
    }

    private static ServiceMatch? Redis(string text)
    {
        var line = FirstLine(text);
        return line switch
        {
            "+PONG" => new ServiceMatch("redis", "Redis key-value store", null, null, IdentifyConfidence.High)
            {
                FollowUp = "INFO server\r\n"u8.ToArray(),
                Refine = reply => RedisVersion().Match(Encoding.Latin1.GetString(reply)) is { Success: true } v
                    ? new ServiceMatch("redis", "Redis key-value store", v.Groups[1].Value, null, IdentifyConfidence.High)
                    : new ServiceMatch("redis", "Redis key-value store", null, null, IdentifyConfidence.High),
            },
            _ when line.StartsWith("-NOAUTH", StringComparison.Ordinal) => new ServiceMatch("redis", "Redis key-value store", null, "authentication required", IdentifyConfidence.High),
            _ when line.StartsWith("-DENIED Redis", StringComparison.Ordinal) => new ServiceMatch("redis", "Redis key-value store", null, "protected mode", IdentifyConfidence.High),
            _ when line.StartsWith("-ERR unknown command", StringComparison.Ordinal) || line.StartsWith("-ERR wrong number of arguments", StringComparison.Ordinal) =>
                new ServiceMatch("redis", "Redis key-value store", null, null, IdentifyConfidence.Medium),
            _ => null,
        };
    }

    /// <summary>Text protocols that greet: SMTP and FTP (<c>220</c>), IMAP (<c>* OK</c>), POP3 (<c>+OK</c>).</summary>
    private static ServiceMatch? Greeting(string text)
    {
        var line = FirstLine(text);
        if (line.StartsWith("* OK", StringComparison.Ordinal))
        {
            return new ServiceMatch("imap", null, null, line, IdentifyConfidence.Medium);
        }

        if (line.StartsWith("+OK", StringComparison.Ordinal))
        {
            return new ServiceMatch("pop3", null, null, line, IdentifyConfidence.Medium);
        }

        if (!SmtpOrFtp().IsMatch(line))
        {
            return null;
        }

        if (line.Contains("FTP", StringComparison.OrdinalIgnoreCase))
        {
            var ftp = VsFtpd().Match(line);
            return ftp.Success
                ? new ServiceMatch("ftp", "vsftpd", ftp.Groups[1].Value, null, IdentifyConfidence.High)
                : new ServiceMatch("ftp", null, null, line, IdentifyConfidence.Medium);
        }

        if (Esmtp().Match(line) is { Success: true } smtp)
        {
            var product = smtp.Groups["product"].Value switch
            {
                "Exim" => "Exim smtpd",
                "Postfix" => "Postfix smtpd",
                var other => other,
            };
            return new ServiceMatch("smtp", product, smtp.Groups["version"].Success ? smtp.Groups["version"].Value : null, null, IdentifyConfidence.High);
        }

        return new ServiceMatch("smtp", null, null, line, line.Contains("SMTP", StringComparison.OrdinalIgnoreCase) ? IdentifyConfidence.High : IdentifyConfidence.Medium);
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static byte[] PostgresStartup(string user)
    {
        var body = Encoding.ASCII.GetBytes($"user\0{user}\0database\0{user}\0\0");
        var message = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, message.Length);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), 196_608); // protocol 3.0
        body.CopyTo(message, 8);
        return message;
    }

    [GeneratedRegex(@"^SSH-(?<protocol>\d+\.\d+)-(?<software>[!-~]+)(?: (?<comment>[^\r\n]*))?\r?\n", RegexOptions.CultureInvariant)]
    private static partial Regex SshBanner();

    [GeneratedRegex(@"^HTTP/\d(?:\.\d)? (?<status>\d{3}[^\r\n]*)", RegexOptions.CultureInvariant)]
    private static partial Regex HttpStatus();

    [GeneratedRegex(@"\r?\nServer:[ \t]*(?<value>[^\r\n]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ServerHeader();

    [GeneratedRegex(@"^(?<product>[^/\s]+)/(?<version>[^\s/]+)(?:\s+\((?<comment>[^)]*)\))?", RegexOptions.CultureInvariant)]
    private static partial Regex ProductVersion();

    [GeneratedRegex(@"^\d+\.\d+[\w.\-+~]*$", RegexOptions.CultureInvariant)]
    private static partial Regex MySqlVersion();

    [GeneratedRegex(@"redis_version:([\w.\-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex RedisVersion();

    [GeneratedRegex(@"^220[ -]", RegexOptions.CultureInvariant)]
    private static partial Regex SmtpOrFtp();

    [GeneratedRegex(@"\(vsFTPd ([\w.]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex VsFtpd();

    [GeneratedRegex(@"ESMTP (?<product>[A-Za-z][\w\-]*)(?: (?<version>\d[\w.\-]*))?", RegexOptions.CultureInvariant)]
    private static partial Regex Esmtp();
}
