using System.Globalization;
using System.Text;
using Dashboard.Contracts.Identify;
using Dashboard.Sockets.Payloads;

namespace Dashboard.Sockets.Identify;

/// <summary>Bytes a server said, as a hex dump and as escaped text.</summary>
public static class SeenBytesFormat
{
    public static SeenBytes Of(ReadOnlySpan<byte> bytes, int kept)
    {
        var shown = bytes[..Math.Min(bytes.Length, kept)];
        return new SeenBytes(bytes.Length, HexDumpLines.Of(shown), Text(shown), shown.Length < bytes.Length);
    }

    /// <summary>Printable ASCII as is, CR/LF/tab kept, anything else <c>\xNN</c>: what a protocol's text says, without guessing an encoding.</summary>
    public static string Text(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7f or (byte)'\r' or (byte)'\n' or (byte)'\t')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
        }

        return text.ToString();
    }
}
