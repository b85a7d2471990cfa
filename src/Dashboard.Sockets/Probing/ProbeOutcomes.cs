using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Errors;

namespace Dashboard.Sockets.Probing;

/// <summary>Builds <see cref="ProbeResult"/>s and the plain-language line that says what each outcome means.</summary>
internal static class ProbeOutcomes
{
    public static ProbeResult Open(string host, IPEndPoint target, double rttMs, EndPoint? local, EndPoint? remote, DateTimeOffset at) =>
        Build(host, target, ProbeState.Open, NativeError.Ok,
            $"the handshake completed: something accepts connections on port {target.Port}",
            rttMs, local, remote, at);

    public static ProbeResult SelfConnected(string host, IPEndPoint target, double rttMs, EndPoint? local, DateTimeOffset at) =>
        Build(host, target, ProbeState.Closed, NativeError.Of(SocketError.ConnectionRefused),
            "the socket connected to itself (TCP simultaneous open on a loopback ephemeral port): nothing listens on this port",
            rttMs, local, remote: null, at);

    public static ProbeResult TimedOut(string host, IPEndPoint target, int timeoutMs, double rttMs, EndPoint? local, DateTimeOffset at) =>
        Build(host, target, ProbeState.Filtered, NativeError.Of(SocketError.TimedOut),
            $"no answer within {timeoutMs} ms: a firewall drops the packets, the host is down, or its accept queue is full",
            rttMs, local, remote: null, at);

    public static ProbeResult Failed(string host, IPEndPoint target, NativeError error, double rttMs, EndPoint? local, DateTimeOffset at) =>
        Build(host, target, StateOf(error.SocketError), error, Explain(error, target), rttMs, local, remote: null, at);

    public static ProbeResult NotResolved(string host, int port, NativeError error, DateTimeOffset at)
    {
        var message = error.SocketError switch
        {
            SocketError.HostNotFound => $"the name '{host}' did not resolve: no such host is known",
            SocketError.NoData => $"the name '{host}' exists but has no address",
            SocketError.TryAgain => $"the name '{host}' could not be resolved now: the resolver did not answer in time",
            _ => $"the name '{host}' could not be resolved ({error.Name})",
        };
        return new ProbeResult(host.Trim(), null, port, ProbeState.Error, error.Code, error.Name,
            error.SocketError.ToString(), message, null, null, null, at);
    }

    private static ProbeState StateOf(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => ProbeState.Closed,
        SocketError.TimedOut => ProbeState.Filtered,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown or SocketError.HostDown
            => ProbeState.Unreachable,
        _ => ProbeState.Error,
    };

    private static string Explain(NativeError error, IPEndPoint target) => error.SocketError switch
    {
        SocketError.ConnectionRefused => "the host answered with a reset: nothing listens on this port",
        SocketError.TimedOut => "the kernel gave up waiting for an answer: packets are dropped on the way or the host is down",
        SocketError.HostUnreachable => $"no route to host {target.Address}: a router or the local stack reported it unreachable",
        SocketError.NetworkUnreachable => $"the network of {target.Address} is unreachable: this server has no route to it",
        SocketError.NetworkDown => "the network interface this connection would use is down",
        SocketError.HostDown => $"host {target.Address} is down",
        SocketError.AccessDenied => "the local system refused to send: a firewall rule or a missing permission",
        SocketError.AddressNotAvailable => "no local address can reach this target (or the ephemeral ports are exhausted)",
        SocketError.AddressFamilyNotSupported => $"this server cannot make {target.AddressFamily} connections",
        SocketError.ConnectionReset => "the connection was reset during the handshake",
        _ => $"the connect failed: {error.Name} ({error.SocketError})",
    };

    private static ProbeResult Build(string host, IPEndPoint target, ProbeState state, NativeError error, string message,
        double rttMs, EndPoint? local, EndPoint? remote, DateTimeOffset at) =>
        new(host.Trim(), target.Address.ToString(), target.Port, state, error.Code, error.Name, error.SocketError.ToString(),
            message, Math.Round(rttMs, 3), Format(local), Format(remote), at);

    // An unbound socket reports 0.0.0.0:0; that is no endpoint worth showing.
    private static string? Format(EndPoint? endPoint) =>
        endPoint is IPEndPoint { Port: not 0 } ip ? ip.ToString() : null;
}
