using System.Net;
using System.Net.Sockets;

namespace Dashboard.Sockets.Policy;

/// <summary>
/// The spellings one destination can hide behind. A policy that checks <c>169.254.169.254</c> must also
/// catch <c>::ffff:169.254.169.254</c> (the kernel connects a dual-stack socket to the IPv4 address),
/// and an IPv6 address that carries an IPv4 one to a translator or tunnel reaches that IPv4 host in the end:
/// NAT64's well-known prefix <c>64:ff9b::/96</c> and its local-use prefix <c>64:ff9b:1::/48</c> (RFC 8215; an
/// operator may embed the IPv4 address at any RFC 6052 length inside it, so every one of them is checked),
/// SIIT's IPv4-translated <c>::ffff:0:a.b.c.d</c>, 6to4 <c>2002::/16</c>, Teredo <c>2001::/32</c> and the
/// deprecated IPv4-compatible <c>::a.b.c.d</c>. Decimal, octal and hex IPv4 forms (<c>2130706433</c>,
/// <c>0177.0.0.1</c>) need nothing here: the policy sees the parsed or resolved address, never the text.
/// </summary>
public static class AddressForms
{
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork Nat64Local = IPNetwork.Parse("64:ff9b:1::/48");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Teredo = IPNetwork.Parse("2001::/32");

    // RFC 6052 section 2.2: where the IPv4 address sits for each prefix length; bits 64-71 (byte 8) are always skipped.
    private static readonly (int Prefix, int[] Bytes)[] Rfc6052Layouts =
    [
        (48, [6, 7, 9, 10]),
        (56, [7, 9, 10, 11]),
        (64, [9, 10, 11, 12]),
        (96, [12, 13, 14, 15]),
    ];

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
    /// Every address the policy checks for <paramref name="address"/>: its canonical form first, then each IPv4
    /// address it may embed. A target is allowed only when every one of them is.
    /// </summary>
    public static IReadOnlyList<IPAddress> Views(IPAddress address)
    {
        var canonical = Canonical(address);
        var embedded = EmbeddedAll(canonical);
        return embedded.Count == 0 ? [canonical] : [canonical, .. embedded];
    }

    /// <summary>Every IPv4 address an IPv6 one may carry to a translator or tunnel (several for the NAT64 local-use prefix).</summary>
    public static IReadOnlyList<IPAddress> EmbeddedAll(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return [];
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return [new IPAddress(bytes.AsSpan(12, 4))];
        }

        if (Nat64Local.Contains(address))
        {
            return [.. Rfc6052Layouts.Where(layout => Plausible(bytes, layout.Prefix, layout.Bytes[^1]))
                .Select(layout => new IPAddress(layout.Bytes.Select(i => bytes[i]).ToArray()))
                .Where(v4 => !v4.Equals(IPAddress.Any)).Distinct()];
        }

        if (SixToFour.Contains(address))
        {
            return [new IPAddress(bytes.AsSpan(2, 4))];
        }

        if (Teredo.Contains(address))
        {
            // The client's IPv4 address, stored with every bit flipped (RFC 4380).
            Span<byte> client = [(byte)~bytes[12], (byte)~bytes[13], (byte)~bytes[14], (byte)~bytes[15]];
            return [new IPAddress(client)];
        }

        // SIIT's IPv4-translated ::ffff:0:a.b.c.d (RFC 2765): 64 zero bits, ffff, 16 zero bits, the IPv4 address.
        if (bytes.AsSpan(0, 8).IndexOfAnyExcept((byte)0) < 0 && bytes[8] == 0xff && bytes[9] == 0xff && bytes[10] == 0 && bytes[11] == 0)
        {
            return [new IPAddress(bytes.AsSpan(12, 4))];
        }

        // IPv4-compatible ::a.b.c.d (RFC 4291, deprecated): the first 96 bits zero, but not :: or ::1.
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback))
        {
            return [new IPAddress(bytes.AsSpan(12, 4))];
        }

        return [];
    }

    // RFC 6052: below /96 the u-octet (byte 8) and the suffix after the IPv4 address are zero; a layout whose bytes there
    // are not cannot be how this address was made. A /96 prefix covers byte 8 and leaves no suffix.
    private static bool Plausible(byte[] bytes, int prefix, int lastIPv4Byte) =>
        prefix == 96 || (bytes[8] == 0 && bytes.AsSpan(lastIPv4Byte + 1).IndexOfAnyExcept((byte)0) < 0);
}
