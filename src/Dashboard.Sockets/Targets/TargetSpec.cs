using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace Dashboard.Sockets.Targets;

/// <summary>One target of a scan as written: an address (from a literal or a CIDR block) or a name to resolve.</summary>
/// <param name="Label">What the user wrote for it: the name, or the address.</param>
/// <param name="Address">The address, or null for a name not yet resolved.</param>
public readonly record struct ScanTarget(string Label, IPAddress? Address);

/// <summary>
/// Scan targets: comma or space separated names, IPv4 and IPv6 literals and CIDR blocks
/// (<c>10.0.0.0/28</c>, <c>fd00::/120</c>). Duplicates removed, order kept, with a cap on addresses.
/// </summary>
public static class TargetSpec
{
    private static readonly char[] Separators = [',', ' ', '\t', '\n', '\r'];

    /// <exception cref="InvalidRequestException">Empty, a bad token, or more addresses than <paramref name="maxAddresses"/>.</exception>
    public static IReadOnlyList<ScanTarget> Parse(string? spec, int maxAddresses)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new InvalidRequestException("targets is required: names, addresses or CIDR blocks, e.g. 10.0.0.5, db1.internal, 10.0.0.0/28");
        }

        var targets = new List<ScanTarget>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in spec.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var target in Expand(token, maxAddresses))
            {
                if (!seen.Add(target.Address?.ToString() ?? target.Label))
                {
                    continue;
                }

                if (targets.Count == maxAddresses)
                {
                    throw new InvalidRequestException(
                        $"targets: at '{token}' the scan passes {Count(maxAddresses)} addresses, the most one scan may cover ({CapSetting})");
                }

                targets.Add(target);
            }
        }

        return targets.Count > 0
            ? targets
            : throw new InvalidRequestException(
                $"targets: '{spec.Trim()}' names no targets, only separators: give names, addresses or CIDR blocks separated by commas or spaces (10.0.0.5, db1.internal, 10.0.0.0/28)");
    }

    /// <summary>The setting that caps the addresses of one scan, named in the errors that hit it.</summary>
    public const string CapSetting = "Sockets:Scan:MaxAddresses";

    /// <summary>
    /// An IPv4-mapped IPv6 address (<c>::ffff:127.0.0.1</c>) is an IPv4 host: it is connected to over
    /// IPv4 (an IPv6 socket would need dual mode and fails with ENETUNREACH without it), and policy sees the IPv4 address.
    /// </summary>
    public static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static bool HasZone(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0;

    private static IEnumerable<ScanTarget> Expand(string token, int maxAddresses)
    {
        var slash = token.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            if (HostName.TryParseAddress(token, out var address))
            {
                var label = HasZone(address) ? token.Trim('[', ']') : address.ToString();
                return [new ScanTarget(label, Unmapped(address))];
            }

            var problem = HostName.Problem(token, "targets");
            return problem is null ? [new ScanTarget(token.TrimEnd('.'), null)] : throw new InvalidRequestException(problem);
        }

        if (!HostName.TryParseAddress(token[..slash], out var network) || HasZone(network))
        {
            throw new InvalidRequestException($"targets: '{token}' is not a CIDR block: write an address, '/', a prefix length (10.0.0.0/28, fd00::/120)");
        }

        var bits = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (!int.TryParse(token.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > bits)
        {
            throw new InvalidRequestException($"targets: '{token}' has a prefix outside 0-{bits}");
        }

        var size = BigInteger.One << (bits - prefix);
        if (size > maxAddresses)
        {
            throw new InvalidRequestException(
                $"targets: '{token}' is {Count(size)} addresses; a scan may cover at most {Count(maxAddresses)} ({CapSetting})");
        }

        return Block(network, bits, prefix, (int)size);
    }

    private static IEnumerable<ScanTarget> Block(IPAddress network, int bits, int prefix, int size)
    {
        var bytes = network.GetAddressBytes();
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var first = value >> (bits - prefix) << (bits - prefix);
        for (var i = 0; i < size; i++)
        {
            var address = new IPAddress(ToBytes(first + i, bytes.Length));
            yield return new ScanTarget(address.ToString(), address);
        }
    }

    private static byte[] ToBytes(BigInteger value, int length)
    {
        var bytes = new byte[length];
        value.TryWriteBytes(bytes.AsSpan(length - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }

    private static string Count(BigInteger n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
