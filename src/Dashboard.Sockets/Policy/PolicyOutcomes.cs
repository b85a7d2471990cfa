using System.Net.Sockets;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Targets;

namespace Dashboard.Sockets.Policy;

/// <summary>
/// The results of targets that were never sent anything: the policy denied the address, or the name did
/// not resolve. State <c>error</c>, code <c>EACCES</c> for a denial (as a kernel says of a prohibited route).
/// </summary>
public static class PolicyOutcomes
{
    public static ProbeResult DeniedProbe(string host, int port, PolicyDecision decision, DateTimeOffset at)
    {
        var error = NativeError.Of(SocketError.AccessDenied);
        return new ProbeResult(host, decision.Address.ToString(), port, ProbeState.Error, error.Code, error.Name, error.SocketErrorName,
            $"{decision.Message}; nothing was sent", null, null, null, at, ServiceNames.Of(port));
    }

    public static ProbeResult NotResolvedProbe(string host, int port, SocketError socketError, DateTimeOffset at) =>
        ProbeOutcomes.NotResolved(host, port, NativeError.Of(socketError), at);

    public static UdpSendResult DeniedUdp(string host, int port, PolicyDecision decision, DateTimeOffset at)
    {
        var error = NativeError.Of(SocketError.AccessDenied);
        return new UdpSendResult(host, decision.Address.ToString(), port, UdpState.Error, error.Code, error.Name,
            $"{decision.Message}; nothing was sent", 0, 0, null, [], 0, at);
    }

    public static UdpSendResult NotResolvedUdp(string host, int port, SocketError socketError, DateTimeOffset at)
    {
        var error = NativeError.Of(socketError);
        return new UdpSendResult(host, null, port, UdpState.Error, error.Code, error.Name,
            $"the name '{host}' did not resolve ({error.Name})", 0, 0, null, [], 0, at);
    }
}
