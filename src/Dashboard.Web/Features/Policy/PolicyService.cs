using System.Globalization;
using System.Net;
using Dashboard.Sockets.Policy;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Operations;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Policy;

/// <summary>
/// The target policy, the one place every feature service asks whether a resolved address may be sent
/// to: built-in rules from configuration first, then the rules Admins keep in the database, then the
/// default. The rules are cached; an edit here replaces the cache at once, and other instances read
/// the database again after <see cref="PolicyOptions.ReloadSeconds"/>.
/// </summary>
public sealed class PolicyService(IServiceScopeFactory scopes, IOptions<PolicyOptions> options, TimeProvider time, AuditQueue audit,
    DashboardMetrics metrics, ListenerPolicy listeners) : IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _current;

    /// <summary>The preset's and configuration's rules: shown on the Policy page, never changed there.</summary>
    public IReadOnlyList<PolicyRule> BuiltIns { get; } = BuiltInRules(options.Value);

    private PolicyAction DefaultAction => ActionOf(options.Value.DefaultAction);

    /// <summary>Tells when the rules change, for pages that show them.</summary>
    public event Action? Changed;

    /// <summary>The policy now in force.</summary>
    public async ValueTask<TargetPolicy> CurrentAsync(CancellationToken cancellationToken)
    {
        var snapshot = _current;
        if (snapshot is not null && time.GetUtcNow() - snapshot.LoadedAt < TimeSpan.FromSeconds(options.Value.ReloadSeconds))
        {
            return snapshot.Policy;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            snapshot = _current;
            if (snapshot is not null && time.GetUtcNow() - snapshot.LoadedAt < TimeSpan.FromSeconds(options.Value.ReloadSeconds))
            {
                return snapshot.Policy;
            }

            var rows = await LoadAsync(cancellationToken);
            return Install(rows).Policy;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>
    /// Decides <paramref name="address"/>:<paramref name="port"/> for <paramref name="actor"/>; a denial is
    /// counted under <paramref name="feature"/>. The caller sends only to the same address it asked about.
    /// </summary>
    public async ValueTask<PolicyDecision> DecideAsync(Actor actor, IPAddress address, int port, string feature, CancellationToken cancellationToken)
    {
        var decision = (await CurrentAsync(cancellationToken)).Decide(address, port, actor.Role.ToString());
        if (!decision.Allowed)
        {
            metrics.PolicyDenied(feature);
        }

        return decision;
    }

    /// <summary>The whole policy (Admins).</summary>
    public async Task<PolicyDocument> GetAsync(Actor actor, CancellationToken cancellationToken)
    {
        actor.Require(Role.Admin, "reading the policy");
        return Document(await CurrentAsync(cancellationToken));
    }

    /// <summary>Replaces the Admins' rules with <paramref name="update"/>'s (built-in ones in it are skipped); audited as <c>policy.change</c> with before and after.</summary>
    /// <exception cref="RequestRefusedException">Not an Admin, or a rule is invalid (nothing is changed).</exception>
    public async Task<PolicyDocument> ReplaceAsync(Actor actor, PolicyUpdate? update, CancellationToken cancellationToken)
    {
        string? before = null;
        return await audit.TrackAsync(actor, AuditActions.PolicyChange, "target policy", async () =>
        {
            actor.Require(Role.Admin, "changing the policy");
            var rules = Validate(update);
            before = Summary((await CurrentAsync(cancellationToken)).Rules.Where(r => !r.BuiltIn));
            await _loading.WaitAsync(cancellationToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                db.PolicyRules.RemoveRange(await db.PolicyRules.ToListAsync(cancellationToken));
                var rows = rules.Select((r, i) => Row(r, i)).ToList();
                db.PolicyRules.AddRange(rows);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                var installed = Install(rows);
                Changed?.Invoke();
                return Document(installed.Policy);
            }
            finally
            {
                _loading.Release();
            }
        }, _ => $"before: {before}; after: {Summary(_current!.Policy.Rules.Where(r => !r.BuiltIn))}");
    }

    /// <summary>"Would 10.0.0.5:22 be allowed for an Operator? Which rule decides?" (Admins; a literal address, nothing is resolved or sent.)</summary>
    /// <exception cref="RequestRefusedException">Not an Admin, or bad input.</exception>
    public async Task<PolicyTestResult> TestAsync(Actor actor, string? address, int? port, string? role, CancellationToken cancellationToken)
    {
        actor.Require(Role.Admin, "testing the policy");
        if (string.IsNullOrWhiteSpace(address) || !HostName.TryParseAddress(address, out var parsed))
        {
            throw new InvalidRequestException($"address must be an IPv4 or IPv6 address (10.0.0.5, ::ffff:169.254.169.254), got '{address}'");
        }

        if (port is not { } p || PortNumber.Problem(p) is not null)
        {
            throw new InvalidRequestException($"port must be 1-65535, got {port?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        }

        if (!Enum.TryParse<Role>(role, ignoreCase: true, out var asRole) || !Enum.IsDefined(asRole) || char.IsDigit(role![0]))
        {
            throw new InvalidRequestException($"role must be Viewer, Operator or Admin, got '{role}'");
        }

        var decision = (await CurrentAsync(cancellationToken)).Decide(parsed, p, asRole.ToString());
        return new PolicyTestResult(parsed.ToString(), p, asRole.ToString(), decision.Allowed, decision.RuleName, decision.Message);
    }

    public void Dispose() => _loading.Dispose();

    /// <summary>A rule as the API shows it.</summary>
    public static PolicyRuleModel Model(PolicyRule rule) =>
        new(rule.Name, rule.Action.ToString().ToLowerInvariant(), [.. rule.Networks.Select(n => n.ToString()), .. rule.Live is null ? [] : new[] { rule.Live.Description }],
            rule.Ports.Count == 0 ? null : string.Join(',', rule.Ports), rule.Roles.Count == 0 ? null : rule.Roles, rule.BuiltIn);

    private PolicyDocument Document(TargetPolicy policy) =>
        new(options.Value.Preset.ToLowerInvariant(), DefaultAction.ToString().ToLowerInvariant(), [.. policy.Rules.Select(Model)], listeners.View(),
            Quotas.View(options.Value.Quotas), options.Value.UnixSockets.Directories);

    private static List<PolicyRule> Validate(PolicyUpdate? update)
    {
        if (update?.Rules is null)
        {
            throw new InvalidRequestException("rules is required: [{ name, action, networks, ports?, roles? }, ...] in the order they are checked");
        }

        var editable = update.Rules.Where(r => r is not null && !r.BuiltIn).ToList();
        if (editable.Count > PolicyLimits.MaxRules)
        {
            throw new InvalidRequestException($"rules: at most {PolicyLimits.MaxRules} rules may be stored, got {editable.Count}");
        }

        var rules = new List<PolicyRule>(editable.Count);
        for (var i = 0; i < editable.Count; i++)
        {
            var r = editable[i];
            var rule = PolicyRuleText.Parse(r.Name, r.Action, r.Networks, r.Ports, r.Roles, field: $"rules[{i}]");
            if (string.Join(',', rule.Networks).Length > PolicyLimits.MaxNetworksText || rule.PortsText.Length > PolicyLimits.MaxPortsText)
            {
                throw new InvalidRequestException($"rules[{i}]: too many networks or port ranges in one rule; split it");
            }

            rules.Add(rule);
        }

        return rules;
    }

    private async Task<List<PolicyRuleRow>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        // Component tests compose the services without a database: the built-in rules alone apply there.
        if (scope.ServiceProvider.GetService<DashboardDb>() is not { } db)
        {
            return [];
        }

        return await db.PolicyRules.AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(cancellationToken);
    }

    private Snapshot Install(IEnumerable<PolicyRuleRow> rows)
    {
        var stored = rows.Select(r => PolicyRuleText.Parse(r.Name, r.Action, [r.Networks], r.Ports, [r.Roles], field: $"stored rule {r.Id}"));
        var snapshot = new Snapshot(new TargetPolicy([.. BuiltIns, .. stored], DefaultAction), time.GetUtcNow());
        _current = snapshot;
        return snapshot;
    }

    private static PolicyRuleRow Row(PolicyRule rule, int position) => new()
    {
        Position = position,
        Name = rule.Name,
        Action = rule.Action.ToString().ToLowerInvariant(),
        Networks = string.Join(',', rule.Networks),
        Ports = rule.Ports.Count == 0 ? "" : string.Join(',', rule.Ports),
        Roles = string.Join(',', rule.Roles),
    };

    private static string Summary(IEnumerable<PolicyRule> rules)
    {
        var list = rules.ToList();
        return list.Count == 0 ? "no rules" : string.Join("; ", list.Select((r, i) => $"{i + 1}. {r}"));
    }

    private static IReadOnlyList<PolicyRule> BuiltInRules(PolicyOptions options)
    {
        var configured = options.Rules.Select((r, i) =>
            PolicyRuleText.Parse(r.Name, r.Action, [r.Networks ?? ""], r.Ports, [r.Roles ?? ""], builtIn: true, field: $"Policy:Rules:{i}"));
        return [.. PolicyPresets.Rules(options.Preset), .. configured];
    }

    private static PolicyAction ActionOf(string text) =>
        string.Equals(text?.Trim(), "deny", StringComparison.OrdinalIgnoreCase) ? PolicyAction.Deny : PolicyAction.Allow;

    private sealed record Snapshot(TargetPolicy Policy, DateTimeOffset LoadedAt);
}
