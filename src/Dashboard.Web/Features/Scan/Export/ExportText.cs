using System.Globalization;
using System.Text;

namespace Dashboard.Web.Features.Scan.Export;

/// <summary>
/// Strings a target or an agent chose (host names, services, messages) made safe for a line-oriented or XML export:
/// a character the format cannot carry becomes <c>\xHH</c> (or <c>\uHHHH</c>), and a backslash <c>\\</c>, so nothing is
/// lost and nothing forges a line, a field or an element. CSV needs none of this: its fields are quoted
/// (<see cref="Audit.AuditCsv.Field"/>, the one CSV escaper).
/// </summary>
public static class ExportText
{
    /// <summary>For nmap's grepable lines: no control character (tab and newline separate its fields and hosts), nor any of <paramref name="separators"/>.</summary>
    public static string Grepable(string? value, string separators = "") =>
        Escape(value, c => char.IsControl(c) || c is '\u2028' or '\u2029' || separators.Contains(c, StringComparison.Ordinal), keepPairs: true);

    /// <summary>For XML 1.0: no character it forbids (controls but tab, newline and return; lone surrogates; U+FFFE, U+FFFF).</summary>
    public static string Xml(string? value)
    {
        if (value is null)
        {
            return "";
        }

        // Surrogate pairs are fine; a lone half is not, nor a character XML 1.0 excludes.
        var ok = true;
        for (var i = 0; i < value.Length && ok; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            ok = c != '\\' && System.Xml.XmlConvert.IsXmlChar(c);
        }

        return ok ? value : Escape(value, c => c == '\\' || !System.Xml.XmlConvert.IsXmlChar(c), keepPairs: true);
    }

    private static string Escape(string? value, Func<char, bool> unsafeChar, bool keepPairs = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value ?? "";
        }

        StringBuilder? text = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (keepPairs && char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text?.Append(c).Append(value[i + 1]);
                i++;
                continue;
            }

            var bad = c == '\\' || unsafeChar(c) || char.IsSurrogate(c);
            if (!bad)
            {
                text?.Append(c);
                continue;
            }

            text ??= new StringBuilder(value.Length + 8).Append(value, 0, i);
            text.Append(c == '\\' ? "\\\\" : c <= 0xff
                ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}")
                : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"));
        }

        return text?.ToString() ?? value;
    }
}
