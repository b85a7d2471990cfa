using System.Collections.Concurrent;
using System.Net;
using Dashboard.Sockets.Listeners;
using Dashboard.Web.Access;
using Dashboard.Web.Operations;

namespace Dashboard.Web.Features.Policy;

/// <summary>
/// The target policy on this server's UDP listeners' replies: a reply goes to a datagram's claimed source only where its
/// owner's own UDP send could go (the same <see cref="PolicyService"/> rules, for the role the owner had when they last
/// opened a listener; Operator, the least that may, for one opened by a path check). A denial is counted under
/// <c>listener-reply</c>. Agents check their owner's <c>--allow-targets</c> instead.
/// </summary>
public sealed class ListenerReplyGate(PolicyService policy, DashboardMetrics metrics) : IListenerReplyPolicy
{
    // One entry per user who opened a listener: as bounded as the user list.
    private readonly ConcurrentDictionary<string, Role> _roles = new(StringComparer.Ordinal);

    /// <summary>Remembers the role <paramref name="actor"/> opens a listener with, for its replies.</summary>
    public void Opening(Actor actor) => _roles[actor.Name] = actor.Role;

    public async ValueTask<string?> RefusalAsync(string owner, IPEndPoint destination, CancellationToken cancellationToken)
    {
        var role = _roles.TryGetValue(owner, out var known) ? known : Role.Operator;
        var decision = (await policy.CurrentAsync(cancellationToken)).Decide(destination.Address, destination.Port, role.ToString());
        var refusal = ReplyRefusal.Of(decision, destination);
        if (refusal is not null)
        {
            metrics.PolicyDenied("listener-reply");
        }

        return refusal;
    }
}
