using System.Globalization;
using System.Text;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>
/// Quoting for text that came from a request. Every such string goes through here, whatever it looks like: a host was
/// validated, but a check that passes today is no promise about tomorrow's input, and a payload is arbitrary bytes.
/// </summary>
public static class ShellQuote
{
    /// <summary>
    /// One POSIX shell word that is exactly <paramref name="text"/>: inside single quotes nothing is special, and a
    /// single quote itself is closed, escaped and reopened (<c>'\''</c>). A NUL cannot be in an argument at all.
    /// </summary>
    /// <exception cref="ArgumentException">The text holds a NUL.</exception>
    public static string Posix(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("a shell argument cannot hold a NUL byte: write the bytes as escapes", nameof(text));
        }

        return "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// A PowerShell single-quoted string that is exactly <paramref name="text"/>. PowerShell takes the typographic
    /// single quotes (U+2018-U+201B) as quotes too, so each of them is doubled like <c>'</c>.
    /// </summary>
    public static string PowerShell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var quoted = new StringBuilder(text.Length + 2).Append('\'');
        foreach (var c in text)
        {
            quoted.Append(c);
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B')
            {
                quoted.Append(c);
            }
        }

        return quoted.Append('\'').ToString();
    }

    /// <summary>
    /// A Python string literal (double-quoted) that is exactly <paramref name="text"/>; anything outside printable
    /// ASCII is an escape, so the literal is plain ASCII whatever the text.
    /// </summary>
    public static string PythonString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var literal = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            literal.Append(rune.Value switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                >= 0x20 and < 0x7F => ((char)rune.Value).ToString(),
                <= 0xFF => "\\x" + rune.Value.ToString("x2", CultureInfo.InvariantCulture),
                <= 0xFFFF => "\\u" + rune.Value.ToString("x4", CultureInfo.InvariantCulture),
                _ => "\\U" + rune.Value.ToString("x8", CultureInfo.InvariantCulture),
            });
        }

        return literal.Append('"').ToString();
    }
}
