using System.Net;
using System.Net.Sockets;

namespace Dashboard.Sockets.Policy;

/// <summary>
/// The spellings one destination can hide behind. A policy that checks <c>169.254.169.254</c> must also
/// catch <c>::ffff:169.254.169.254</c> (the kernel connects a dual-stack socket to the IPv4 address),
/// and an IPv6 address that carries an IPv4 one to a translator or tunnel (NAT64 <c>64:ff9b::/96</c>,
/// 6to4 <c>2002::/16</c>, Teredo <c>2001::/32</c>, the deprecated IPv4-compatible <c>::a.b.c.d</c>)
/// reaches that IPv4 host in the end. Decimal, octal and hex IPv4 forms (<c>2130706433</c>,
/// <c>0177.0.0.1</c>) need nothing here: the policy sees the parsed or resolved address, never the text.
/// </summary>
public static class AddressForms
{
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Teredo = IPNetwork.Parse("2001::/32");

    /// <summary>The address as the kernel will use it: IPv4-mapped IPv6 unwrapped, an IPv6 zone dropped.</summary>
    public static IPAddress Canonical(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address.ScopeId == 0 ? address : new IPAddress(address.GetAddressBytes());
        }

        return address;
    }

    /// <summary>
    /// Every address the policy checks for <paramref name="address"/>: its canonical form first, then the
    /// IPv4 address it embeds, if any. A target is allowed only when every one of them is.
    /// </summary>
    public static IReadOnlyList<IPAddress> Views(IPAddress address)
    {
        var canonical = Canonical(address);
        return Embedded(canonical) is { } inner ? [canonical, inner] : [canonical];
    }

    /// <summary>The IPv4 address an IPv6 one carries to a translator or tunnel, or null.</summary>
    public static IPAddress? Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        if (SixToFour.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }

        if (Teredo.Contains(address))
        {
            // The client's IPv4 address, stored with every bit flipped (RFC 4380).
            Span<byte> client = [(byte)~bytes[12], (byte)~bytes[13], (byte)~bytes[14], (byte)~bytes[15]];
            return new IPAddress(client);
        }

        // IPv4-compatible ::a.b.c.d (RFC 4291, deprecated): the first 96 bits zero, but not :: or ::1.
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return null;
    }
}
