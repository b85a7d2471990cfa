using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Features.Policy;

/// <summary>
/// The target policy's configuration (section <c>Policy</c>): the preset of built-in rules, extra built-in
/// rules, what happens to addresses no rule matches, the listener policy and the quotas. Rules an Admin
/// adds on the Policy page live in the database and come after every built-in rule.
/// </summary>
public sealed class PolicyOptions
{
    public const string Section = "Policy";

    /// <summary>
    /// <c>default</c> (deny link-local with cloud metadata, unspecified, multicast, broadcast), <c>strict</c>
    /// (also loopback and the private ranges: for internet-facing deployments) or <c>none</c> (a lab
    /// without any built-in rule). Defaults to <c>default</c>.
    /// </summary>
    [RegularExpression("^(?i)(default|strict|none)$", ErrorMessage = "Policy:Preset must be default, strict or none")]
    public string Preset { get; set; } = "default";

    /// <summary><c>allow</c> or <c>deny</c>: what happens to an address no rule matches. Defaults to <c>allow</c>.</summary>
    [RegularExpression("^(?i)(allow|deny)$", ErrorMessage = "Policy:DefaultAction must be allow or deny")]
    public string DefaultAction { get; set; } = "allow";

    /// <summary>More built-in rules, after the preset's and before the Admins': <c>Policy:Rules:0:Name</c>, <c>:Action</c>, <c>:Networks</c>, <c>:Ports</c>, <c>:Roles</c>.</summary>
    public List<ConfiguredRule> Rules { get; set; } = [];

    /// <summary>How long one instance trusts its cached copy of the database's rules before it reads them again (other instances' edits). Defaults to 30 s.</summary>
    [Range(1, 3600)]
    public int ReloadSeconds { get; set; } = 30;

    public ListenerPolicyOptions Listeners { get; set; } = new();

    public QuotaOptions Quotas { get; set; } = new();

    public UnixSockets.UnixSocketPolicyOptions UnixSockets { get; set; } = new();
}

/// <summary>A rule written in configuration; it is built in (the Policy page shows it, cannot change it).</summary>
public sealed class ConfiguredRule
{
    public string? Name { get; set; }

    public string? Action { get; set; }

    /// <summary>Comma-separated CIDR blocks or addresses.</summary>
    public string? Networks { get; set; }

    /// <summary>Comma-separated ports and ranges; empty for every port.</summary>
    public string? Ports { get; set; }

    /// <summary>Comma-separated role names; empty for every role.</summary>
    public string? Roles { get; set; }
}

/// <summary>Where users may open listeners (section <c>Policy:Listeners</c>); the caps on how many stay in <c>Sockets:Listeners</c>.</summary>
public sealed class ListenerPolicyOptions
{
    /// <summary>The lowest port a listener may bind (0, any free port, is always allowed). Defaults to 1024, even when the process runs as root.</summary>
    [Range(1, 65_535)]
    public int MinPort { get; set; } = 1024;

    /// <summary>The highest port a listener may bind. Defaults to 65,535.</summary>
    [Range(1, 65_535)]
    public int MaxPort { get; set; } = 65_535;

    /// <summary>CIDR blocks a listener may bind in, comma-separated; empty for any address of this host. Defaults to empty.</summary>
    public string BindNetworks { get; set; } = "";
}

/// <summary>
/// Per-user quotas (section <c>Policy:Quotas</c>). The principal is the user: an API token shares its
/// user's quota with their browser sessions, so more tokens never mean more probes.
/// </summary>
public sealed class QuotaOptions
{
    /// <summary>TCP probes one user may make per minute (scans count by their own quota). Defaults to 600.</summary>
    [Range(1, 1_000_000)]
    public int ProbesPerMinute { get; set; } = 600;

    /// <summary>UDP datagrams one user may send per minute (a send of count 5 takes 5). Defaults to 600.</summary>
    [Range(1, 1_000_000)]
    public int UdpDatagramsPerMinute { get; set; } = 600;

    /// <summary>
    /// Scans one user may have running at once. Defaults to 2; it must be below the server's <c>Dashboard:Scans:MaxRunning</c>
    /// (4), checked at start, so that one user's slow scans never take every slot.
    /// </summary>
    [Range(1, 1_000)]
    public int ConcurrentScans { get; set; } = 2;

    /// <summary>Addresses × ports one scan of a user may cover (the engine's own cap, <c>Sockets:Scan:MaxProbes</c>, still holds). Defaults to 1,048,576.</summary>
    [Range(1, int.MaxValue)]
    public int ProbesPerScan { get; set; } = 1_048_576;
}
