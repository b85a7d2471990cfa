using System.Buffers.Binary;
using System.Text;
using Dashboard.Contracts.Tls;

namespace Dashboard.Sockets.Tls;

/// <summary>
/// The plain-text exchange that asks a server to switch to TLS on the same connection. Reads are bounded (line length,
/// lines per answer) and byte by byte, so nothing of the server's first TLS bytes is swallowed.
/// </summary>
public static class StartTlsDialogue
{
    /// <summary>The longest line read; longer ones end the exchange.</summary>
    public const int MaxLineBytes = 2_048;

    /// <summary>The most lines of one multi-line answer (an EHLO's extensions).</summary>
    public const int MaxLines = 64;

    /// <summary>The client name sent in <c>EHLO</c>.</summary>
    public const string EhloName = "socket-dashboard";

    /// <summary>Runs the exchange for <paramref name="protocol"/>; null when the server agreed, else why not in words.</summary>
    public static async Task<string?> UpgradeAsync(Stream stream, StartTlsProtocol protocol, CancellationToken cancellationToken)
    {
        switch (protocol)
        {
            case StartTlsProtocol.Smtp:
                var greeting = await ReplyAsync(stream, cancellationToken);
                if (!greeting.StartsWith("220", StringComparison.Ordinal))
                {
                    return $"the SMTP server did not greet with 220: '{Last(greeting)}'";
                }

                await SendAsync(stream, $"EHLO {EhloName}\r\n", cancellationToken);
                var ehlo = await ReplyAsync(stream, cancellationToken);
                if (!ehlo.StartsWith("250", StringComparison.Ordinal))
                {
                    return $"the SMTP server refused EHLO: '{Last(ehlo)}'";
                }

                if (!ehlo.Split('\n').Any(l => l.Length > 4 && l[4..].Trim().Equals("STARTTLS", StringComparison.OrdinalIgnoreCase)))
                {
                    return "the SMTP server does not offer STARTTLS in its EHLO answer";
                }

                return await AskAsync(stream, "STARTTLS\r\n", "220", "SMTP", cancellationToken);
            case StartTlsProtocol.Imap:
                var hello = await LineAsync(stream, cancellationToken);
                return !hello.StartsWith("* OK", StringComparison.OrdinalIgnoreCase)
                    ? $"the IMAP server did not greet with '* OK': '{hello}'"
                    : await AskAsync(stream, "a STARTTLS\r\n", "a OK", "IMAP", cancellationToken, untagged: true);
            case StartTlsProtocol.Pop3:
                var banner = await LineAsync(stream, cancellationToken);
                return !banner.StartsWith("+OK", StringComparison.Ordinal)
                    ? $"the POP3 server did not greet with +OK: '{banner}'"
                    : await AskAsync(stream, "STLS\r\n", "+OK", "POP3", cancellationToken);
            case StartTlsProtocol.Ftp:
                var welcome = await ReplyAsync(stream, cancellationToken);
                return !welcome.StartsWith("220", StringComparison.Ordinal)
                    ? $"the FTP server did not greet with 220: '{Last(welcome)}'"
                    : await AskAsync(stream, "AUTH TLS\r\n", "234", "FTP", cancellationToken);
            case StartTlsProtocol.Postgresql:
                var request = new byte[8];
                BinaryPrimitives.WriteInt32BigEndian(request, 8);
                BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), 80_877_103);
                await stream.WriteAsync(request, cancellationToken);
                var answer = new byte[1];
                if (await stream.ReadAsync(answer, cancellationToken) == 0)
                {
                    return "the server closed the connection on PostgreSQL's SSLRequest: not PostgreSQL?";
                }

                return answer[0] switch
                {
                    (byte)'S' => null,
                    (byte)'N' => "the PostgreSQL server does not accept SSL (it answered 'N' to SSLRequest: ssl is off)",
                    _ => $"the server answered PostgreSQL's SSLRequest with 0x{answer[0]:X2}, not 'S' or 'N': not PostgreSQL?",
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null);
        }
    }

    private static async Task<string?> AskAsync(Stream stream, string command, string expected, string protocol, CancellationToken cancellationToken,
        bool untagged = false)
    {
        await SendAsync(stream, command, cancellationToken);
        var answer = untagged ? await TaggedAsync(stream, cancellationToken) : await ReplyAsync(stream, cancellationToken);
        return answer.StartsWith(expected, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"the {protocol} server refused {command.Trim()}: '{Last(answer)}'";
    }

    // An IMAP server may send untagged lines (* CAPABILITY ...) before the tagged answer.
    private static async Task<string> TaggedAsync(Stream stream, CancellationToken cancellationToken)
    {
        for (var i = 0; i < MaxLines; i++)
        {
            var line = await LineAsync(stream, cancellationToken);
            if (!line.StartsWith('*'))
            {
                return line;
            }
        }

        throw new InvalidDataException($"the server sent more than {MaxLines} lines without answering");
    }

    // A reply of SMTP/FTP shape: "250-..." lines continue, "250 ..." ends it.
    private static async Task<string> ReplyAsync(Stream stream, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        for (var i = 0; i < MaxLines; i++)
        {
            var line = await LineAsync(stream, cancellationToken);
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return string.Join('\n', lines);
            }
        }

        throw new InvalidDataException($"the server sent more than {MaxLines} lines in one answer");
    }

    private static async Task<string> LineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < MaxLineBytes)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new EndOfStreamException(bytes.Count == 0
                    ? "the server closed the connection"
                    : $"the server closed the connection after '{Printable(bytes)}'");
            }

            if (one[0] == '\n')
            {
                return Printable(bytes).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }

        throw new InvalidDataException($"the server sent a line longer than {MaxLineBytes} bytes");
    }

    private static Task SendAsync(Stream stream, string text, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken).AsTask();

    private static string Last(string reply) => reply[(reply.LastIndexOf('\n') + 1)..];

    internal static string Printable(IEnumerable<byte> bytes) =>
        new([.. bytes.Select(b => b is >= 0x20 and < 0x7F or (byte)'\r' ? (char)b : '.')]);
}
