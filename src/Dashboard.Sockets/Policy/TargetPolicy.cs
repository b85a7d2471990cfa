using System.Net;

namespace Dashboard.Sockets.Policy;

/// <summary>
/// The ordered allow/deny rules every target is checked against, on the address a socket will connect
/// to (never a name). Immutable: a change makes a new policy, so a check never sees half an edit.
/// </summary>
public sealed class TargetPolicy
{
    public TargetPolicy(IEnumerable<PolicyRule> rules, PolicyAction defaultAction = PolicyAction.Allow)
    {
        Rules = [.. rules];
        DefaultAction = defaultAction;
    }

    /// <summary>No rule at all: everything allowed (engine tests, a policy not yet loaded is never this).</summary>
    public static TargetPolicy AllowAll { get; } = new([]);

    /// <summary>The rules in the order they are checked.</summary>
    public IReadOnlyList<PolicyRule> Rules { get; }

    /// <summary>What happens to an address no rule matches.</summary>
    public PolicyAction DefaultAction { get; }

    /// <summary>
    /// Decides <paramref name="address"/>:<paramref name="port"/> for <paramref name="role"/>. Every spelling
    /// of the address (<see cref="AddressForms.Views"/>) is checked; the first one denied decides.
    /// </summary>
    public PolicyDecision Decide(IPAddress address, int port, string role)
    {
        PolicyDecision? first = null;
        foreach (var view in AddressForms.Views(address))
        {
            var rule = Rules.FirstOrDefault(r => r.Matches(view, port, role));
            var decision = new PolicyDecision((rule?.Action ?? DefaultAction) == PolicyAction.Allow, view, port, rule);
            if (!decision.Allowed)
            {
                return decision;
            }

            first ??= decision;
        }

        return first!;
    }

    /// <summary>
    /// The ports of <paramref name="ports"/> allowed to <paramref name="address"/> for <paramref name="role"/>,
    /// and the rule that denied the first one refused (null when all are allowed).
    /// </summary>
    public (IReadOnlyList<int> Allowed, PolicyDecision? FirstDenied) AllowedPorts(IPAddress address, IReadOnlyList<int> ports, string role)
    {
        // Only rules that cover the address can decide one of its ports: few, so each port is cheap.
        var views = AddressForms.Views(address);
        var relevant = views.Select(v => (View: v, Rules: Rules.Where(r => r.MatchesAddress(v, role)).ToArray())).ToArray();
        if (relevant.All(v => v.Rules.Length == 0))
        {
            return DefaultAction == PolicyAction.Allow ? (ports, null) : ([], new PolicyDecision(false, views[0], ports.Count > 0 ? ports[0] : 0, null));
        }

        // The common case: the first rule covering each spelling covers every port, so one decision holds for all.
        if (relevant.All(v => v.Rules.Length == 0 || v.Rules[0].Ports.Count == 0))
        {
            foreach (var (view, rules) in relevant)
            {
                var action = rules.Length > 0 ? rules[0].Action : DefaultAction;
                if (action == PolicyAction.Deny)
                {
                    return ([], new PolicyDecision(false, view, ports.Count > 0 ? ports[0] : 0, rules.Length > 0 ? rules[0] : null));
                }
            }

            return (ports, null);
        }

        var allowed = new List<int>(ports.Count);
        PolicyDecision? denied = null;
        foreach (var port in ports)
        {
            PolicyDecision? refusal = null;
            foreach (var (view, rules) in relevant)
            {
                var rule = Array.Find(rules, r => r.Ports.Count == 0 || r.Ports.Any(p => p.Contains(port)));
                if ((rule?.Action ?? DefaultAction) == PolicyAction.Deny)
                {
                    refusal = new PolicyDecision(false, view, port, rule);
                    break;
                }
            }

            if (refusal is null)
            {
                allowed.Add(port);
            }
            else
            {
                denied ??= refusal;
            }
        }

        return (allowed, denied);
    }
}

/// <summary>What the policy says of one address and port.</summary>
/// <param name="Allowed">Whether a socket may be aimed there.</param>
/// <param name="Address">The spelling of the address that decided (the embedded IPv4 of a NAT64 address, say).</param>
/// <param name="Port">The port checked.</param>
/// <param name="Rule">The rule that decided, or null when none matched and the default applied.</param>
public sealed record PolicyDecision(bool Allowed, IPAddress Address, int Port, PolicyRule? Rule)
{
    /// <summary>The rule's name, or <c>default</c>.</summary>
    public string RuleName => Rule?.Name ?? "default";

    /// <summary>The sentence a refused result carries: <c>169.254.169.254 is denied by policy rule 'link-local'</c>.</summary>
    public string Message => Allowed
        ? $"{Address} port {Port} is allowed by policy rule '{RuleName}'"
        : Rule is null
            ? $"{Address} is denied by the policy's default action (no rule allows it)"
            : $"{Address} is denied by policy rule '{RuleName}'";
}
