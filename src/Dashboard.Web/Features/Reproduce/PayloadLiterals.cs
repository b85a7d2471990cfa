using System.Globalization;
using System.Text;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>Bytes written so a command sends exactly them: NUL, quotes, newlines and invalid UTF-8 included.</summary>
public static class PayloadLiterals
{
    /// <summary>
    /// A <c>printf</c> format, already single-quoted, that prints exactly <paramref name="bytes"/>. Printable ASCII
    /// stays readable; <c>\</c>, <c>%</c>, <c>'</c> and every other byte are three-digit octal escapes, which every
    /// POSIX printf knows (dash's built-in has no <c>\x</c>), so it runs the same under sh and bash.
    /// </summary>
    public static string Printf(ReadOnlySpan<byte> bytes)
    {
        var format = new StringBuilder(bytes.Length + 2).Append('\'');
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7F and not (byte)'\\' and not (byte)'%' and not (byte)'\'')
            {
                format.Append((char)b);
            }
            else
            {
                format.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
            }
        }

        return format.Append('\'').ToString();
    }

    /// <summary>A Python bytes literal (<c>b"..."</c>) of exactly <paramref name="bytes"/>, plain ASCII.</summary>
    public static string PythonBytes(ReadOnlySpan<byte> bytes)
    {
        var literal = new StringBuilder(bytes.Length + 3).Append("b\"");
        foreach (var b in bytes)
        {
            literal.Append(b switch
            {
                (byte)'\\' => "\\\\",
                (byte)'"' => "\\\"",
                >= 0x20 and < 0x7F => ((char)b).ToString(),
                _ => "\\x" + b.ToString("x2", CultureInfo.InvariantCulture),
            });
        }

        return literal.Append('"').ToString();
    }

    /// <summary>A PowerShell byte array, <c>[byte[]](0x68,0x69)</c>; <c>[byte[]]@()</c> when empty.</summary>
    public static string PowerShellBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return "[byte[]]@()";
        }

        var list = new StringBuilder("[byte[]](");
        for (var i = 0; i < bytes.Length; i++)
        {
            list.Append(i == 0 ? "" : ",").Append("0x").Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return list.Append(')').ToString();
    }
}
