using System.Net;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// Addresses in numeric order (10.0.0.2 before 10.0.0.10), IPv4 before IPv6, as nmap lists hosts; what does not
/// parse as an address comes last, in ordinal order. Keys are cached: a sort compares few distinct addresses many times.
/// </summary>
public sealed class AddressOrder : IComparer<string?>
{
    private readonly Dictionary<string, (int Family, UInt128 Value)> _keys = new(StringComparer.Ordinal);

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y) || x == y)
        {
            return 0;
        }

        var (a, b) = (KeyOf(x), KeyOf(y));
        var byKey = a.Family != b.Family ? a.Family.CompareTo(b.Family) : a.Value.CompareTo(b.Value);
        return byKey != 0 || a.Family != 2 ? byKey : string.CompareOrdinal(x, y);
    }

    private (int Family, UInt128 Value) KeyOf(string? text)
    {
        if (text is null)
        {
            return (3, 0);
        }

        if (_keys.TryGetValue(text, out var known))
        {
            return known;
        }

        var key = (2, UInt128.Zero);
        if (IPAddress.TryParse(text, out var address))
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out var length);
            var value = UInt128.Zero;
            foreach (var b in bytes[..length])
            {
                value = (value << 8) | b;
            }

            key = (length == 4 ? 0 : 1, value);
        }

        return _keys[text] = key;
    }
}
