using System.Globalization;
using System.Text;
using Dashboard.Contracts;

namespace Dashboard.Sockets.Payloads;

/// <summary>Payloads as users write them: UTF-8 text, hex (spaces, commas and <c>0x</c> allowed) or base64.</summary>
public static class PayloadCodec
{
    /// <summary>The encodings a request may name, in the order forms show them.</summary>
    public static IReadOnlyList<PayloadEncoding> Encodings { get; } = Enum.GetValues<PayloadEncoding>();

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private static readonly char[] HexSeparators = [' ', '\t', '\r', '\n', ',', ':', '-'];

    /// <summary>The bytes <paramref name="payload"/> stands for.</summary>
    /// <exception cref="InvalidRequestException">An unknown encoding, or a payload that is not valid in it.</exception>
    public static byte[] Decode(string? payload, PayloadEncoding? encoding, string field = "payload")
    {
        payload ??= "";
        switch (encoding ?? PayloadEncoding.Text)
        {
            case PayloadEncoding.Text:
                return Utf8.GetBytes(payload);
            case PayloadEncoding.Hex:
                return DecodeHex(payload, field);
            case PayloadEncoding.Base64:
                var compact = string.Concat(payload.Where(c => !char.IsWhiteSpace(c)));
                var bytes = new byte[compact.Length * 3 / 4 + 3];
                return Convert.TryFromBase64String(compact, bytes, out var written)
                    ? bytes[..written]
                    : throw new InvalidRequestException($"{field} is not valid base64: use A-Z, a-z, 0-9, '+', '/' and '=' padding, e.g. SGVsbG8=");
            default:
                throw new InvalidRequestException($"encoding must be text, hex or base64, got '{encoding}'");
        }
    }

    /// <summary>Why the payload cannot be decoded, or null when it can.</summary>
    public static string? Problem(string? payload, PayloadEncoding? encoding, string field = "payload")
    {
        try
        {
            Decode(payload, encoding, field);
            return null;
        }
        catch (InvalidRequestException e)
        {
            return e.Message;
        }
    }

    /// <summary>Bytes as UTF-8 text; invalid sequences become U+FFFD.</summary>
    public static string ToText(ReadOnlySpan<byte> bytes) => Utf8.GetString(bytes);

    private static byte[] DecodeHex(string payload, string field)
    {
        var digits = new StringBuilder(payload.Length);
        foreach (var token in payload.Split(HexSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            var hex = token.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? token[2..] : token;
            var bad = hex.FirstOrDefault(c => !char.IsAsciiHexDigit(c));
            if (bad != default || hex.Length == 0)
            {
                throw new InvalidRequestException(
                    $"{field} is not valid hex: '{token}' has {(hex.Length == 0 ? "no digits" : $"'{bad}', not a hex digit")}; write bytes as hex digits, e.g. 48 65 6c 6c 6f or 0x48656c6c6f");
            }

            digits.Append(hex);
        }

        if (digits.Length % 2 != 0)
        {
            throw new InvalidRequestException(
                string.Create(CultureInfo.InvariantCulture, $"{field} is not valid hex: {digits.Length} hex digits, an odd number; each byte takes two"));
        }

        return Convert.FromHexString(digits.ToString());
    }
}
