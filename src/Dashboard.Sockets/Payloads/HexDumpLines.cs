using System.Globalization;
using System.Text;

namespace Dashboard.Sockets.Payloads;

/// <summary>
/// <c>hexdump -C</c>'s layout, one line per 16 bytes:
/// <c>00000000  53 53 48 2d 32 2e 30 2d  4f 70 65 6e 53 53 48 5f  |SSH-2.0-OpenSSH_|</c>.
/// </summary>
public static class HexDumpLines
{
    /// <summary>Every line ends with a newline.</summary>
    public static string Of(ReadOnlySpan<byte> bytes)
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
}
