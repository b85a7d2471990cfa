using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Targets;

namespace Dashboard.Sockets.Probing;

/// <summary>Builds <see cref="ProbeResult"/>s and the plain-language line that says what each outcome means.</summary>
internal static class ProbeOutcomes
{
    public static ProbeResult Open(ResolvedTarget target, int port, double rttMs, EndPoint? local, EndPoint? remote, DateTimeOffset at,
        int? attempts = null) =>
        Build(target, port, ProbeState.Open, NativeError.Ok,
            $"the handshake completed: something accepts connections on port {port}",
            rttMs, local, remote, at, attempts);

    public static ProbeResult SelfConnected(ResolvedTarget target, int port, double rttMs, EndPoint? local, DateTimeOffset at,
        int? attempts = null) =>
        Build(target, port, ProbeState.Closed, NativeError.Of(SocketError.ConnectionRefused),
            "the socket connected to itself (TCP simultaneous open on a loopback ephemeral port): nothing listens on this port",
            rttMs, local, remote: null, at, attempts);

    public static ProbeResult TimedOut(ResolvedTarget target, int port, string message, double rttMs, EndPoint? local, DateTimeOffset at,
        int? attempts = null) =>
        Build(target, port, ProbeState.Filtered, NativeError.Of(SocketError.TimedOut), message, rttMs, local, remote: null, at, attempts);

    /// <summary>What a timeout means; made once per probe or scan, as it names the timeout.</summary>
    public static string TimedOutMessage(int timeoutMs) =>
        $"no answer within {timeoutMs} ms: a firewall drops the packets, the host is down, or its accept queue is full";

    /// <summary>What a port without an answer after retries means; made once per scan and attempt count, as the log shares it.</summary>
    public static string NoAnswerMessage(int attempts, int maxTimeoutMs) => attempts == 1
        ? TimedOutMessage(maxTimeoutMs)
        : $"no answer to {attempts} connects (each waited up to {maxTimeoutMs} ms, less as the host's round trips allowed): a firewall drops the packets, or the accept queue is full";

    public static ProbeResult Failed(ResolvedTarget target, int port, NativeError error, double rttMs, EndPoint? local, DateTimeOffset at,
        int? attempts = null) =>
        Build(target, port, StateOf(error.SocketError), error, Explain(error, target.AddressText), rttMs, local, remote: null, at, attempts);

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
            error.SocketError.ToString(), message, null, null, null, at, ServiceNames.Of(port));
    }

    private static ProbeState StateOf(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => ProbeState.Closed,
        SocketError.TimedOut => ProbeState.Filtered,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown or SocketError.HostDown
            => ProbeState.Unreachable,
        _ => ProbeState.Error,
    };

    private static string Explain(NativeError error, string address) => error.SocketError switch
    {
        SocketError.ConnectionRefused => "the host answered with a reset: nothing listens on this port",
        SocketError.TimedOut => "the kernel gave up waiting for an answer: packets are dropped on the way or the host is down",
        SocketError.HostUnreachable => $"no route to host {address}: a router or the local stack reported it unreachable",
        SocketError.NetworkUnreachable => $"the network of {address} is unreachable: this server has no route to it",
        SocketError.NetworkDown => "the network interface this connection would use is down",
        SocketError.HostDown => $"host {address} is down",
        SocketError.AccessDenied => "the local system refused to send: a firewall rule or a missing permission",
        SocketError.AddressNotAvailable => "no local address can reach this target (or the ephemeral ports are exhausted)",
        SocketError.AddressFamilyNotSupported => $"this server cannot make connections to {address}",
        SocketError.ConnectionReset => "the connection was reset during the handshake",
        _ => $"the connect failed: {error.Name} ({error.SocketError})",
    };

    private static ProbeResult Build(ResolvedTarget target, int port, ProbeState state, NativeError error, string message,
        double rttMs, EndPoint? local, EndPoint? remote, DateTimeOffset at, int? attempts) =>
        new(target.Label, target.AddressText, port, state, error.Code, error.Name, error.SocketErrorName,
            message, Math.Round(rttMs, 3), Format(local), Format(remote), at, ServiceNames.Of(port), attempts);

    // An unbound socket reports 0.0.0.0:0; that is no endpoint worth showing.
    private static string? Format(EndPoint? endPoint) =>
        endPoint is IPEndPoint { Port: not 0 } ip ? ip.ToString() : null;
}
