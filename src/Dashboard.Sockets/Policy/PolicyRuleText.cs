using System.Globalization;
using System.Net;
using Dashboard.Sockets.Targets;

namespace Dashboard.Sockets.Policy;

/// <summary>Rules as configuration, the database and the API write them: networks, ports and roles as text.</summary>
public static class PolicyRuleText
{
    /// <summary>The role names a rule may list.</summary>
    public static readonly IReadOnlyList<string> RoleNames = ["Viewer", "Operator", "Admin"];

    /// <summary>Builds a rule from its text fields.</summary>
    /// <exception cref="InvalidRequestException">A field is wrong: the message names it, says what is allowed and what was given.</exception>
    public static PolicyRule Parse(string? name, string? action, IEnumerable<string>? networks, string? ports, IEnumerable<string>? roles,
        bool builtIn = false, string field = "rule")
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > PolicyRule.MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw new InvalidRequestException($"{field}.name must be 1-{PolicyRule.MaxNameLength} printable characters, got '{name}'");
        }

        var parsedAction = action?.Trim().ToLowerInvariant() switch
        {
            "allow" => PolicyAction.Allow,
            "deny" => PolicyAction.Deny,
            _ => throw new InvalidRequestException($"{field}.action must be allow or deny, got '{action}'"),
        };
        var blocks = (networks ?? []).SelectMany(n => (n ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(n => Network(n, $"{field}.networks")).ToList();
        if (blocks.Count == 0)
        {
            throw new InvalidRequestException($"{field}.networks must list at least one CIDR block (10.0.0.0/8, fe80::/10) or address, got none");
        }

        var roleList = new List<string>();
        foreach (var role in (roles ?? []).SelectMany(r => (r ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var known = RoleNames.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase))
                        ?? throw new InvalidRequestException($"{field}.roles: '{role}' is not a role: Viewer, Operator, Admin (none for every role)");
            if (!roleList.Contains(known))
            {
                roleList.Add(known);
            }
        }

        return new PolicyRule(trimmed, parsedAction, blocks, Ports(ports, $"{field}.ports"), roleList, builtIn);
    }

    /// <summary>A CIDR block, or one address as a /32 or /128.</summary>
    /// <exception cref="InvalidRequestException">Not a block, or host bits set.</exception>
    public static IPNetwork Network(string text, string field = "networks")
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            throw new InvalidRequestException($"{field}: '{text}' is not a CIDR block: write 10.0.0.0/8, 192.168.1.5 or fe80::/10");
        }

        address = address.IsIPv4MappedToIPv6 && slash < 0 ? address.MapToIPv4() : address;
        var bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            throw new InvalidRequestException($"{field}: '{text}' has a bad prefix length: 0-{bits} for {(bits == 32 ? "IPv4" : "IPv6")}");
        }

        var masked = Masked(address, prefix);
        if (!masked.Equals(address))
        {
            throw new InvalidRequestException($"{field}: '{text}' has bits set past its /{prefix} prefix; did you mean {masked}/{prefix}?");
        }

        return new IPNetwork(address, prefix);
    }

    /// <summary>Port ranges: <c>22,80-90</c>; empty, <c>*</c>, <c>all</c> or <c>-</c> for every port.</summary>
    /// <exception cref="InvalidRequestException">A bad range.</exception>
    public static IReadOnlyList<PortRange> Ports(string? text, string field = "ports")
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed is "" or "*" or "-" or "all" or "1-65535")
        {
            return [];
        }

        var ranges = new List<PortRange>();
        foreach (var part in trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var firstText = dash < 0 ? part : part[..dash];
            var lastText = dash < 0 ? part : part[(dash + 1)..];
            var ok = int.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                     & int.TryParse(lastText, NumberStyles.None, CultureInfo.InvariantCulture, out var last);
            if (!ok || first < PortNumber.Min || last > PortNumber.Max || first > last)
            {
                throw new InvalidRequestException($"{field}: '{part}' is not a port or range of 1-65535 (22, 8000-8100); leave it empty for every port");
            }

            ranges.Add(new PortRange(first, last));
        }

        return ranges;
    }

    private static IPAddress Masked(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xff << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
