using System.Globalization;
using System.Text;
using Dashboard.Sockets.Payloads;

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
        var text = new StringBuilder(HexDumpLines.Of(shown));
        if (shown.Length < bytes.Length)
        {
            text.Append(CultureInfo.InvariantCulture, $"… {bytes.Length - shown.Length:N0} more bytes\n");
        }

        return text.ToString().TrimEnd('\n');
    }
}
