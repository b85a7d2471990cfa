using System.Globalization;
using System.Text;

namespace Dashboard.Web.Components.Payload;

/// <summary>The classic hex dump: <c>00000000  48 65 6c 6c 6f 20 57 6f  72 6c 64 21              |Hello World!|</c>.</summary>
public static class HexDumpFormat
{
    public static string Format(ReadOnlySpan<byte> bytes, int maxBytes = int.MaxValue)
    {
        if (bytes.IsEmpty)
        {
            return "(no bytes)";
        }

        var shown = bytes[..Math.Min(bytes.Length, maxBytes)];
        var text = new StringBuilder();
        for (var offset = 0; offset < shown.Length; offset += 16)
        {
            var line = shown.Slice(offset, Math.Min(16, shown.Length - offset));
            text.Append(CultureInfo.InvariantCulture, $"{offset:x8}  ");
            for (var i = 0; i < 16; i++)
            {
                text.Append(i < line.Length ? line[i].ToString("x2", CultureInfo.InvariantCulture) + " " : "   ");
                if (i == 7)
                {
                    text.Append(' ');
                }
            }

            text.Append(" |");
            foreach (var b in line)
            {
                text.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
            }

            text.Append("|\n");
        }

        if (shown.Length < bytes.Length)
        {
            text.Append(CultureInfo.InvariantCulture, $"… {bytes.Length - shown.Length:N0} more bytes\n");
        }

        return text.ToString().TrimEnd('\n');
    }
}
