using System.Net;
using System.Net.Sockets;
using Dashboard.Sockets.Policy;
using Dashboard.Web.Access;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.Features.Policy;

/// <summary>
/// Resolves a probe's or a send's host at the vantage point and asks the policy about the address the
/// socket will use; the service then hands the vantage point that literal address and nothing else.
/// </summary>
public sealed class TargetGate(PolicyService policy)
{
    /// <summary>The first address <paramref name="host"/> resolves to (as the engine always used) and the policy's word on it.</summary>
    /// <param name="vantage">Where the socket will be opened, which resolves the name as it sees it.</param>
    /// <param name="actor">Whose role the rules are checked for.</param>
    /// <param name="host">As the user typed it: a name or a literal.</param>
    /// <param name="port">The destination port.</param>
    /// <param name="feature">Counted with a denial: probe or udp.</param>
    /// <param name="resolveTimeout">How long the resolver may take.</param>
    /// <param name="cancellationToken">The caller's.</param>
    public async Task<GateAnswer> CheckAsync(IVantagePoint vantage, Actor actor, string host, int port, string feature, TimeSpan resolveTimeout, CancellationToken cancellationToken)
    {
        IPAddress address;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(resolveTimeout);
            try
            {
                address = (await vantage.ResolveAsync(host.Trim(), timeout.Token))[0];
            }
            catch (SocketException e)
            {
                return new GateAnswer(null, null, e.SocketErrorCode);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new GateAnswer(null, null, SocketError.TryAgain);
            }
        }

        return new GateAnswer(address, await policy.DecideAsync(actor, address, port, feature, cancellationToken), null);
    }
}

/// <summary>What <see cref="TargetGate.CheckAsync"/> found: the address and the decision, or why the name did not resolve.</summary>
public sealed record GateAnswer(IPAddress? Address, PolicyDecision? Decision, SocketError? NotResolved)
{
    /// <summary>The address as a literal for the vantage point: an IPv6 zone kept, IPv4-mapped left as the resolver gave it.</summary>
    public string Literal => Address!.ToString();

    /// <summary>
    /// What the gated work answers: a name that did not resolve or a denial written as a result by
    /// <paramref name="notResolved"/> or <paramref name="denied"/> (nothing is sent), or <paramref name="allowed"/>
    /// run against <see cref="Literal"/>, the one address the policy was asked about.
    /// </summary>
    public async Task<T> ThenAsync<T>(Func<SocketError, T> notResolved, Func<PolicyDecision, T> denied, Func<string, Task<T>> allowed) =>
        NotResolved is { } error ? notResolved(error)
        : Decision is { Allowed: false } decision ? denied(decision)
        : await allowed(Literal);
}
