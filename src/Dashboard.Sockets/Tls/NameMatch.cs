using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Dashboard.Sockets.Tls;

/// <summary>
/// Whether a certificate is for a name (RFC 6125, as OpenSSL checks by default): a DNS name against the DNS
/// subject alternative names (a <c>*</c> stands for exactly one whole leftmost label), the subject's CN only when there
/// are no DNS names; an address against the IP subject alternative names only.
/// </summary>
public static class NameMatch
{
    /// <summary>Whether it matches, and the answer in words.</summary>
    public static (bool Matches, string Words) Check(X509Certificate2 certificate, string name)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (IPAddress.TryParse(name, out var address))
        {
            var addresses = extension?.EnumerateIPAddresses().ToList() ?? [];
            return addresses.Any(a => a.Equals(address))
                ? (true, $"the certificate is issued for the address {address}")
                : (false, addresses.Count == 0
                    ? $"the certificate names no IP address, so it is not for {address}"
                    : $"issued for {List(addresses.Select(a => a.ToString()))}, not {address}");
        }

        var dnsNames = extension?.EnumerateDnsNames().ToList() ?? [];
        var fromCn = dnsNames.Count == 0;
        if (fromCn && certificate.GetNameInfo(X509NameType.SimpleName, false) is { Length: > 0 } cn)
        {
            dnsNames.Add(cn);
        }

        if (dnsNames.FirstOrDefault(pattern => Matches(pattern, name)) is { } match)
        {
            return (true, fromCn ? $"the certificate's CN {match} matches {name} (it has no DNS names)" : $"the certificate is issued for {match}");
        }

        return (false, dnsNames.Count == 0 ? $"the certificate names no DNS name, so it is not for {name}" : $"issued for {List(dnsNames)}, not {name}");
    }

    /// <summary>Whether <paramref name="pattern"/> (a DNS name, maybe with a leftmost <c>*</c>) covers <paramref name="name"/>.</summary>
    public static bool Matches(string pattern, string name)
    {
        pattern = pattern.TrimEnd('.');
        name = name.TrimEnd('.');
        if (string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!pattern.StartsWith("*.", StringComparison.Ordinal) || pattern.Count(c => c == '.') < 2)
        {
            return false;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && !name.StartsWith("xn--", StringComparison.OrdinalIgnoreCase)
            && string.Equals(pattern[1..], name[dot..], StringComparison.OrdinalIgnoreCase);
    }

    private static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count <= 3 ? string.Join(", ", all) : $"{string.Join(", ", all.Take(3))} and {all.Count - 3} more";
    }
}
