using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Dashboard.Sockets.Targets;

/// <summary>
/// IPv6 literals with a zone (<c>fe80::1%eth0</c>, <c>fe80::1%2</c>): a link-local address means
/// nothing without the interface it is reached through, so the zone must name one this server has.
/// </summary>
public static class ZoneIds
{
    /// <summary>Splits <c>address%zone</c>; false when <paramref name="text"/> has no zone.</summary>
    public static bool TrySplit(ReadOnlySpan<char> text, out string address, out string zone)
    {
        var percent = text.IndexOf('%');
        (address, zone) = percent > 0 ? (text[..percent].ToString(), text[(percent + 1)..].ToString()) : ("", "");
        return percent > 0;
    }

    /// <summary>The interface index of <paramref name="zone"/> (a name or a number), or null when this server has no such interface.</summary>
    public static int? IndexOf(string zone)
    {
        var interfaces = NetworkInterface.GetAllNetworkInterfaces();
        foreach (var nic in interfaces)
        {
            if (string.Equals(nic.Name, zone, StringComparison.Ordinal) && IndexOf(nic) is { } index)
            {
                return index;
            }
        }

        return int.TryParse(zone, NumberStyles.None, CultureInfo.InvariantCulture, out var number) &&
               interfaces.Any(nic => IndexOf(nic) == number)
            ? number
            : null;
    }

    /// <summary>Parses <c>v6address%zone</c> with the zone's interface; null when the text is not such a literal or the interface is missing.</summary>
    public static IPAddress? Parse(ReadOnlySpan<char> text)
    {
        if (!TrySplit(text, out var address, out var zone) ||
            !IPAddress.TryParse(address, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6 ||
            IndexOf(zone) is not { } index)
        {
            return null;
        }

        return new IPAddress(parsed.GetAddressBytes(), index);
    }

    /// <summary>Why <paramref name="text"/>'s zone cannot be used, or null when it has none or it is fine.</summary>
    public static string? Problem(string text, string field)
    {
        if (!TrySplit(text.AsSpan().Trim().Trim('[').Trim(']'), out var address, out var zone))
        {
            return null;
        }

        if (!IPAddress.TryParse(address, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return $"{field}: '{text}' has a zone (%{zone}) but '{address}' is not an IPv6 address: zones go with IPv6 link-local addresses (fe80::1%eth0)";
        }

        if (IndexOf(zone) is null)
        {
            var names = string.Join(", ", NetworkInterface.GetAllNetworkInterfaces().Select(n => n.Name));
            return $"{field}: '{text}' names the interface '{zone}', which this server does not have (it has: {names})";
        }

        return null;
    }

    private static int? IndexOf(NetworkInterface nic)
    {
        try
        {
            return nic.GetIPProperties().GetIPv6Properties()?.Index;
        }
        catch (NetworkInformationException)
        {
            return null;
        }
    }
}
