namespace Dashboard.Sockets.Policy;

/// <summary>
/// The rules that ship. They come before every rule an Admin adds, apply to every role (Admins too),
/// and only configuration removes them (<c>Policy:Preset=none</c>).
/// </summary>
public static class PolicyPresets
{
    public const string Default = "default";
    public const string Strict = "strict";
    public const string None = "none";

    public static readonly IReadOnlyList<string> Names = [Default, Strict, None];

    /// <summary>The networks the <c>this-host</c> rule shows in place of a CIDR block.</summary>
    public const string ThisHostText = "this host's own addresses";

    /// <summary>
    /// The rules of preset <paramref name="preset"/>: <c>default</c>, <c>strict</c> (also loopback, the private and
    /// shared ranges, and every address of this host) or <c>none</c>.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown preset.</exception>
    public static IReadOnlyList<PolicyRule> Rules(string? preset) => (preset?.Trim().ToLowerInvariant() ?? Default) switch
    {
        "" or Default => Shipped,
        Strict => [.. Shipped, .. StrictOnly],
        None => [],
        _ => throw new ArgumentException($"Policy:Preset must be one of {string.Join(", ", Names)}, got '{preset}'", nameof(preset)),
    };

    // Every link-local neighbour, cloud metadata among them (169.254.169.254: AWS, GCP, Azure, Oracle...), and the metadata
    // services elsewhere: AWS's IPv6 fd00:ec2::254, Alibaba's 100.100.100.200, Azure's WireServer 168.63.129.16; connects to
    // 0.0.0.0 or :: reach this host itself on Linux; multicast and broadcast are not one host.
    private static readonly PolicyRule[] Shipped =
    [
        Deny("link-local", "169.254.0.0/16", "fe80::/10"),
        Deny("metadata", "169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32", "168.63.129.16/32"),
        Deny("unspecified", "0.0.0.0/8", "::/128"),
        Deny("multicast", "224.0.0.0/4", "ff00::/8"),
        Deny("broadcast", "255.255.255.255/32"),
    ];

    private static readonly PolicyRule[] StrictOnly =
    [
        Deny("loopback", "127.0.0.0/8", "::1/128"),
        Deny("private", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"),
        Deny("shared", "100.64.0.0/10"),
        // A service bound to 0.0.0.0 or :: answers on every interface address of this host, not only on loopback.
        new("this-host", PolicyAction.Deny, [], [], [], BuiltIn: true) { Live = new LiveAddresses(ThisHostText, HostAddresses.Contains) },
    ];

    private static PolicyRule Deny(string name, params string[] networks) =>
        new(name, PolicyAction.Deny, [.. networks.Select(n => PolicyRuleText.Network(n))], [], [], BuiltIn: true);
}
