namespace Dashboard.Web.Features.Policy;

/// <summary>One rule as <c>GET /api/policy</c> shows it and <c>PUT /api/policy</c> takes it.</summary>
/// <param name="Name">Named in refusals.</param>
/// <param name="Action"><c>allow</c> or <c>deny</c>.</param>
/// <param name="Networks">CIDR blocks or single addresses.</param>
/// <param name="Ports">Ports and ranges (<c>22,8000-8100</c>); null or empty for every port.</param>
/// <param name="Roles">Role names; null or empty for every role.</param>
/// <param name="BuiltIn">From configuration: shown, never changed by <c>PUT</c> (built-in rules in a <c>PUT</c> body are skipped).</param>
public sealed record PolicyRuleModel(string Name, string Action, IReadOnlyList<string> Networks, string? Ports = null,
    IReadOnlyList<string>? Roles = null, bool BuiltIn = false);

/// <summary>The whole policy: the ordered rules (built-in first), the default, the listener policy and the quotas.</summary>
/// <param name="Preset">The configured preset: default, strict or none.</param>
/// <param name="DefaultAction">What happens to an address no rule matches.</param>
/// <param name="Rules">Every rule in the order they are checked.</param>
/// <param name="Listeners">The listener policy (configuration; read-only here).</param>
/// <param name="Quotas">The per-user quotas (configuration; read-only here).</param>
/// <param name="UnixSocketDirectories">Where Unix socket paths may be (<c>Policy:UnixSockets:AllowedDirectories</c>; configuration, read-only here); empty: none.</param>
public sealed record PolicyDocument(string Preset, string DefaultAction, IReadOnlyList<PolicyRuleModel> Rules, ListenerPolicyView Listeners, QuotaView Quotas,
    IReadOnlyList<string>? UnixSocketDirectories = null);

/// <summary>The body of <c>PUT /api/policy</c>: the rules Admins edit, in order; they replace the stored ones.</summary>
public sealed record PolicyUpdate(IReadOnlyList<PolicyRuleModel>? Rules);

/// <summary>Where listeners may bind, and how many there may be.</summary>
public sealed record ListenerPolicyView(int MinPort, int MaxPort, IReadOnlyList<string> BindNetworks, IReadOnlyList<int> DashboardPorts,
    int MaxTtlSeconds, int MaxPerUser, int MaxTotal, int MaxConnectionsPerListener);

/// <summary>The per-user quotas.</summary>
public sealed record QuotaView(int ProbesPerMinute, int UdpDatagramsPerMinute, int ConcurrentScans, int ProbesPerScan);

/// <summary>What the policy says of one address, port and role, and which rule decides.</summary>
public sealed record PolicyTestResult(string Address, int Port, string Role, bool Allowed, string Rule, string Message);
