using System.Globalization;
using System.Text;
using Dashboard.Contracts.Identify;

namespace Dashboard.Sockets.Identify;

/// <summary>Bytes a server said, as a hex dump (<c>hexdump -C</c>'s layout) and as escaped text.</summary>
public static class SeenBytesFormat
{
    public static SeenBytes Of(ReadOnlySpan<byte> bytes, int kept)
    {
        var shown = bytes[..Math.Min(bytes.Length, kept)];
        return new SeenBytes(bytes.Length, Hex(shown), Text(shown), shown.Length < bytes.Length);
    }

    /// <summary><c>00000000  53 53 48 2d 32 2e 30 2d  4f 70 65 6e 53 53 48 5f  |SSH-2.0-OpenSSH_|</c>, a line per 16 bytes.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length * 5);
        for (var line = 0; line < bytes.Length; line += 16)
        {
            var row = bytes.Slice(line, Math.Min(16, bytes.Length - line));
            text.Append(line.ToString("x8", CultureInfo.InvariantCulture)).Append("  ");
            for (var i = 0; i < 16; i++)
            {
                text.Append(i < row.Length ? row[i].ToString("x2", CultureInfo.InvariantCulture) + " " : "   ");
                if (i == 7)
                {
                    text.Append(' ');
                }
            }

            text.Append(" |");
            foreach (var b in row)
            {
                text.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
            }

            text.Append("|\n");
        }

        return text.ToString();
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
