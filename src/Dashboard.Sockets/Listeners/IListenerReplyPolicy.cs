using System.Net;
using Dashboard.Sockets.Policy;

namespace Dashboard.Sockets.Listeners;

/// <summary>
/// Whether a UDP listener may answer a datagram's source. The source is only what the datagram claims, so a
/// reply is a datagram sent to an address someone else chose: it is checked as the owner's own send would be.
/// The dashboard checks its target policy; an agent its owner's <c>--allow-targets</c>.
/// </summary>
public interface IListenerReplyPolicy
{
    /// <summary>Why a reply to <paramref name="destination"/> for a listener of <paramref name="owner"/> may not be sent, or null when it may.</summary>
    ValueTask<string?> RefusalAsync(string owner, IPEndPoint destination, CancellationToken cancellationToken);
}

/// <summary>
/// Replies checked against one <see cref="TargetPolicy"/> for one role: the engine's default is the shipped rules
/// (no replies to link-local, unspecified, multicast or broadcast addresses), for hosts that bring no policy of their own.
/// </summary>
public sealed class TargetPolicyReplies(TargetPolicy policy, string role) : IListenerReplyPolicy
{
    /// <summary>The shipped rules (<see cref="PolicyPresets.Default"/>) for an Operator.</summary>
    public static TargetPolicyReplies Shipped { get; } = new(new TargetPolicy(PolicyPresets.Rules(PolicyPresets.Default)), "Operator");

    public ValueTask<string?> RefusalAsync(string owner, IPEndPoint destination, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ReplyRefusal.Of(policy.Decide(destination.Address, destination.Port, role), destination));
}

/// <summary>The sentence a reply refused by the target policy carries.</summary>
public static class ReplyRefusal
{
    /// <summary>Null when <paramref name="decision"/> allows the reply; else why not, naming the rule.</summary>
    public static string? Of(PolicyDecision decision, IPEndPoint destination) =>
        destination.Port == 0 ? $"the source port of {destination.Address} is 0, which no reply can reach"
        : decision.Allowed ? null
        : $"{decision.Message}, so {destination} gets no reply";
}
