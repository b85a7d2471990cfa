using System.Globalization;
using System.Net;

namespace Dashboard.Sockets.Targets;

/// <summary>What a user may type as a host: a DNS name, an IPv4 literal or an IPv6 literal.</summary>
public static class HostName
{
    /// <summary>The longest DNS name (RFC 1035), and so the longest host we accept.</summary>
    public const int MaxLength = 253;

    /// <summary>
    /// Why <paramref name="host"/> is not a host a probe can be aimed at, or null when it is.
    /// The message names the field, the value and what is allowed.
    /// </summary>
    public static string? Problem(string? host, string field = "host")
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return $"{field} is required: a name (db1.internal), an IPv4 address (10.0.0.5) or an IPv6 address (::1)";
        }

        var text = host.Trim();
        if (text.Length > MaxLength)
        {
            return $"{field} must be at most {MaxLength} characters, got {text.Length}";
        }

        if (TryParseAddress(text, out _))
        {
            return null;
        }

        if (ZoneIds.Problem(text, field) is { } zoneProblem)
        {
            return zoneProblem;
        }

        if (PortSuffix(text) is { } withPort)
        {
            return field == "host"
                ? $"{field} '{text}' includes a port: give the host alone and put {withPort.Port} in the port field"
                : $"{field}: '{text}' includes a port: give the host alone ({withPort.Host}) and put {withPort.Port} in ports";
        }

        return IsDnsName(text)
            ? null
            : $"{field} '{text}' is not a valid name or address: use letters, digits, '-' and '.' (db1.internal), an IPv4 (10.0.0.5) or an IPv6 literal (::1, [fe80::1])";
    }

    /// <summary>
    /// Parses an IPv4 or IPv6 literal; IPv6 may be in brackets, as in URLs, and carry a zone
    /// (<c>fe80::1%eth0</c>) naming an interface this server has.
    /// </summary>
    public static bool TryParseAddress(string text, out IPAddress address)
    {
        var span = text.AsSpan().Trim();
        if (span.Length > 2 && span[0] == '[' && span[^1] == ']')
        {
            span = span[1..^1];
        }
        else if (span.Contains(']'))
        {
            // IPAddress.TryParse takes "[::1]:80" and drops the port without a word: a port is not part of a host.
            address = IPAddress.None;
            return false;
        }

        if (span.Contains('%'))
        {
            address = ZoneIds.Parse(span) ?? IPAddress.None;
            return !ReferenceEquals(address, IPAddress.None);
        }

        // IPAddress.TryParse accepts "1" or "1.2" as IPv4 shorthands; a user typing those means a name.
        if (IPAddress.TryParse(span, out var parsed) &&
            (parsed.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || span.Count('.') == 3))
        {
            address = parsed;
            return true;
        }

        address = IPAddress.None;
        return false;
    }

    /// <summary>
    /// The host and port of <c>host:port</c> or <c>[v6]:port</c>, or null when the text is not one.
    /// A bare IPv6 literal has colons too, so only the bracketed form or a single colon counts.
    /// </summary>
    public static (string Host, int Port)? PortSuffix(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return TryParseAddress(host, out _) ? (host, port) : null;
        }

        return host.Contains(':', StringComparison.Ordinal) ? null : (host, port);
    }

    private static bool IsDnsName(string text)
    {
        var name = text.EndsWith('.') ? text[..^1] : text;
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
                {
                    return false;
                }
            }
        }

        // An all-numeric dotted name is a malformed address (999.1.1.1), not a name.
        return !name.All(c => char.IsAsciiDigit(c) || c == '.');
    }
}
