using System.Net;

namespace Dashboard.Sockets.Policy;

/// <summary>What a rule does to the targets it matches.</summary>
public enum PolicyAction
{
    Allow,
    Deny,
}

/// <summary>
/// One ordered rule of the target policy: the first rule whose networks, ports and roles all match an
/// address decides it.
/// </summary>
/// <param name="Name">Shown in refusals: <c>169.254.169.254 is denied by policy rule 'link-local'</c>.</param>
/// <param name="Action">Allow or deny.</param>
/// <param name="Networks">CIDR blocks it covers (IPv4 and IPv6 may be mixed).</param>
/// <param name="Ports">Port ranges it covers; empty for every port.</param>
/// <param name="Roles">Role names it applies to (<c>Viewer</c>, <c>Operator</c>, <c>Admin</c>); empty for every role.</param>
/// <param name="BuiltIn">Comes from configuration (the shipped defaults, a preset, <c>Policy:Rules</c>): the Policy page cannot edit it.</param>
public sealed record PolicyRule(
    string Name,
    PolicyAction Action,
    IReadOnlyList<IPNetwork> Networks,
    IReadOnlyList<PortRange> Ports,
    IReadOnlyList<string> Roles,
    bool BuiltIn = false)
{
    /// <summary>The longest rule name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>
    /// A set of addresses read when a decision is made rather than fixed networks (the <c>this-host</c> rule: this
    /// host's interface addresses, which change), and how it is shown; null for a rule of <see cref="Networks"/> only.
    /// </summary>
    public LiveAddresses? Live { get; init; }

    /// <summary>Whether this rule covers <paramref name="address"/> (already normalised) on <paramref name="port"/> for <paramref name="role"/>.</summary>
    public bool Matches(IPAddress address, int port, string role) =>
        (Ports.Count == 0 || Ports.Any(p => p.Contains(port))) && MatchesAddress(address, role);

    /// <summary>Whether this rule covers <paramref name="address"/> on some port for <paramref name="role"/>.</summary>
    public bool MatchesAddress(IPAddress address, string role) =>
        (Roles.Count == 0 || Roles.Contains(role, StringComparer.OrdinalIgnoreCase)) &&
        (Networks.Any(n => n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address)) || (Live?.Contains(address) ?? false));

    /// <summary>The ports as text: <c>22,80-90</c>, or <c>all</c>.</summary>
    public string PortsText => Ports.Count == 0 ? "all" : string.Join(',', Ports);

    /// <summary>The networks as text: <c>169.254.0.0/16, fe80::/10</c> (a live set by its description).</summary>
    public string NetworksText => string.Join(", ", Networks.Select(n => n.ToString()).Concat(Live is null ? [] : [Live.Description]));

    /// <summary>The roles as text: <c>Operator, Viewer</c>, or <c>all</c>.</summary>
    public string RolesText => Roles.Count == 0 ? "all" : string.Join(", ", Roles);

    public override string ToString() => $"{Action.ToString().ToLowerInvariant()} '{Name}': {NetworksText} ports {PortsText} roles {RolesText}";
}

/// <summary>Addresses a rule covers that are read when it decides: <paramref name="Contains"/> answers for a canonical address.</summary>
/// <param name="Description">How the Policy page and the API show them: <c>this host's own addresses</c>.</param>
/// <param name="Contains">Whether an address is in the set now.</param>
public sealed record LiveAddresses(string Description, Func<IPAddress, bool> Contains);

/// <summary>An inclusive range of ports.</summary>
public readonly record struct PortRange(int First, int Last)
{
    public bool Contains(int port) => port >= First && port <= Last;

    public override string ToString() => First == Last ? First.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{First}-{Last}";
}
