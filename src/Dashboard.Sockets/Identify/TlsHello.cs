using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Sockets.Identify;

/// <summary>
/// A TLS ClientHello that today's servers answer (TLS 1.3 and 1.2 offered, an x25519 key share of random bytes), and
/// what the first record of the answer says: a ServerHello and its version, or an alert. No handshake is finished.
/// </summary>
public static class TlsHello
{
    private static readonly ushort[] Ciphers =
        [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];

    private static readonly ushort[] SignatureAlgorithms = [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201];

    // SHA-256("HelloRetryRequest"): the random of a ServerHello that is a HelloRetryRequest (RFC 8446 4.1.3).
    private static readonly byte[] RetryRandom = Convert.FromHexString("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    /// <summary>The ClientHello record; with SNI when <paramref name="host"/> is a name.</summary>
    public static byte[] ClientHello(string host)
    {
        var extensions = new List<byte>();
        if (!IPAddress.TryParse(host, out _) && host.Length is > 0 and < 256)
        {
            var name = Encoding.ASCII.GetBytes(host);
            Extension(extensions, 0x0000, [.. U16(name.Length + 3), 0, .. U16(name.Length), .. name]);
        }

        Extension(extensions, 0x000a, [0, 6, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18]);
        Extension(extensions, 0x000b, [1, 0]);
        Extension(extensions, 0x000d, [.. U16(SignatureAlgorithms.Length * 2), .. SignatureAlgorithms.SelectMany(U16)]);
        Extension(extensions, 0x002b, [4, 0x03, 0x04, 0x03, 0x03]);
        Extension(extensions, 0x0033, [0, 36, 0x00, 0x1d, 0, 32, .. RandomNumberGenerator.GetBytes(32)]);

        byte[] body =
        [
            0x03, 0x03, .. RandomNumberGenerator.GetBytes(32),
            32, .. RandomNumberGenerator.GetBytes(32),
            .. U16(Ciphers.Length * 2), .. Ciphers.SelectMany(U16),
            1, 0,
            .. U16(extensions.Count), .. extensions,
        ];
        byte[] handshake = [0x01, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];
        return [0x16, 0x03, 0x01, .. U16(handshake.Length), .. handshake];
    }

    /// <summary>True when <paramref name="answer"/> starts like a TLS record: a handshake or an alert, SSL 3.0 to TLS 1.3.</summary>
    public static bool LooksLikeTls(ReadOnlySpan<byte> answer) =>
        answer.Length >= 5 && answer[0] is 0x15 or 0x16 && answer[1] == 0x03 && answer[2] <= 0x04;

    /// <summary>
    /// What the server's first record says: "TLS 1.3" (a ServerHello and the version it chose), "alert: handshake_failure",
    /// or null when it is not a TLS answer.
    /// </summary>
    public static string? Describe(ReadOnlySpan<byte> answer)
    {
        if (!LooksLikeTls(answer))
        {
            return null;
        }

        if (answer[0] == 0x15)
        {
            return answer.Length >= 7 ? $"alert: {AlertName(answer[6])}" : "alert";
        }

        // Handshake record: type 2 is a ServerHello.
        var hello = answer[5..];
        if (hello.Length < 38 || hello[0] != 0x02)
        {
            return VersionName(BinaryPrimitives.ReadUInt16BigEndian(answer[1..]));
        }

        var version = BinaryPrimitives.ReadUInt16BigEndian(hello[4..]);
        var retry = hello.Slice(6, 32).SequenceEqual(RetryRandom);
        var at = 38;
        if (hello.Length > at)
        {
            at += 1 + hello[at];
        }

        at += 3; // cipher suite, compression
        if (hello.Length >= at + 2)
        {
            var end = Math.Min(hello.Length, at + 2 + BinaryPrimitives.ReadUInt16BigEndian(hello[at..]));
            at += 2;
            while (at + 4 <= end)
            {
                var type = BinaryPrimitives.ReadUInt16BigEndian(hello[at..]);
                var length = BinaryPrimitives.ReadUInt16BigEndian(hello[(at + 2)..]);
                if (type == 0x002b && length == 2 && at + 6 <= end)
                {
                    version = BinaryPrimitives.ReadUInt16BigEndian(hello[(at + 4)..]);
                }

                at += 4 + length;
            }
        }

        return retry ? $"{VersionName(version)} (HelloRetryRequest)" : VersionName(version);
    }

    public static string VersionName(ushort version) => version switch
    {
        0x0300 => "SSL 3.0",
        0x0301 => "TLS 1.0",
        0x0302 => "TLS 1.1",
        0x0303 => "TLS 1.2",
        0x0304 => "TLS 1.3",
        _ => $"TLS 0x{version:x4}",
    };

    private static string AlertName(byte description) => description switch
    {
        10 => "unexpected_message",
        40 => "handshake_failure",
        47 => "illegal_parameter",
        50 => "decode_error",
        70 => "protocol_version",
        80 => "internal_error",
        112 => "unrecognized_name",
        _ => $"alert {description}",
    };

    private static void Extension(List<byte> to, ushort type, byte[] data)
    {
        to.AddRange(U16(type));
        to.AddRange(U16(data.Length));
        to.AddRange(data);
    }

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

    private static byte[] U16(ushort value) => U16((int)value);
}
