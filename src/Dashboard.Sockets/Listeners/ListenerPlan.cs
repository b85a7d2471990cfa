using System.Net;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Payloads;
using Dashboard.Sockets.Targets;
using Dashboard.Sockets.UnixSockets;

namespace Dashboard.Sockets.Listeners;

/// <summary>A validated listener request. A Unix one has a <see cref="Path"/>; its <see cref="Bind"/> is unused (loopback, port 0).</summary>
internal sealed record ListenerPlan(ListenerProtocol Protocol, IPEndPoint Bind, int Backlog, TimeSpan Ttl, ReplyMode ReplyMode, byte[] ReplyPayload)
{
    /// <summary>The path a unix or unixgram listener binds, as the request gave it; null for TCP and UDP.</summary>
    public string? Path { get; init; }

    public bool IsUnix => Protocol is ListenerProtocol.Unix or ListenerProtocol.UnixDatagram;

    /// <summary>Whether it takes connections (TCP, unix) rather than datagrams (UDP, unixgram).</summary>
    public bool IsStream => Protocol is ListenerProtocol.Tcp or ListenerProtocol.Unix;

    /// <exception cref="InvalidRequestException">What is wrong and what is allowed.</exception>
    public static ListenerPlan From(ListenerRequest? request, ListenerOptions options)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { protocol, bindAddress?, port, backlog?, ttlSeconds?, reply? } or, for unix and unixgram, { protocol, path, ... }");
        }

        if (request.Protocol is not ({ } protocol and (ListenerProtocol.Tcp or ListenerProtocol.Udp or ListenerProtocol.Unix or ListenerProtocol.UnixDatagram)))
        {
            throw new InvalidRequestException($"protocol must be tcp, udp, unix or unixgram, got '{request.Protocol}'");
        }

        var unix = protocol is ListenerProtocol.Unix or ListenerProtocol.UnixDatagram;
        var address = IPAddress.Loopback;
        var problem = unix ? UnixProblem(request) : IpProblem(request, out address);
        problem ??= (protocol == ListenerProtocol.UnixDatagram && request.Backlog is not null ? "backlog is only for tcp and unix (stream) listeners; leave it out for unixgram" : null)
            ?? Bounds.Problem("backlog", request.Backlog, options.MaxBacklog)
            ?? Bounds.Problem("ttlSeconds", request.TtlSeconds, options.MaxTtlSeconds);
        if (problem is not null)
        {
            throw new InvalidRequestException(problem);
        }

        var mode = request.Reply?.Mode ?? ReplyMode.None;
        if (!Enum.IsDefined(mode))
        {
            throw new InvalidRequestException($"reply.mode must be none, echo or fixed, got '{mode}'");
        }

        var payload = mode == ReplyMode.Fixed ? PayloadCodec.Decode(request.Reply!.Payload, request.Reply.Encoding, "reply.payload") : [];
        if (mode == ReplyMode.Fixed && protocol == ListenerProtocol.Udp && payload.Length > 65_507)
        {
            throw new InvalidRequestException($"reply.payload is {payload.Length} bytes; a UDP reply carries at most 65,507");
        }

        if (mode == ReplyMode.Fixed && protocol == ListenerProtocol.UnixDatagram && payload.Length > UnixDatagramMax)
        {
            throw new InvalidRequestException($"reply.payload is {payload.Length:N0} bytes; a unixgram reply here carries at most {UnixDatagramMax:N0}");
        }

        return new ListenerPlan(protocol, new IPEndPoint(address, unix ? 0 : request.Port), request.Backlog ?? options.DefaultBacklog,
            TimeSpan.FromSeconds(request.TtlSeconds ?? options.DefaultTtlSeconds), mode, payload) { Path = unix ? request.Path : null };
    }

    /// <summary>The largest unixgram datagram read or replied (Linux's default <c>net.core.wmem_default</c>, 212,992, bounds a send).</summary>
    public const int UnixDatagramMax = 65_536;

    private static string? IpProblem(ListenerRequest request, out IPAddress address)
    {
        address = IPAddress.Loopback;
        if (request.Path is not null)
        {
            return $"path is only for unix and unixgram listeners; a {request.Protocol.ToString()!.ToLowerInvariant()} listener takes bindAddress and port";
        }

        if (!string.IsNullOrWhiteSpace(request.BindAddress) && !HostName.TryParseAddress(request.BindAddress, out address))
        {
            return $"bindAddress must be an IP address of this host (0.0.0.0, :: for IPv4 and IPv6, 127.0.0.1, ::1, ...), got '{request.BindAddress}'";
        }

        return request.Port is < 0 or > PortNumber.Max ? $"port must be 0 (any free port) or 1-{PortNumber.Max}, got {request.Port}" : null;
    }

    private static string? UnixProblem(ListenerRequest request) =>
        request.BindAddress is not null ? $"bindAddress is not allowed for unix and unixgram listeners (they bind a path), got '{request.BindAddress}'; give path instead"
        : request.Port != 0 ? $"port is not allowed for unix and unixgram listeners (they bind a path), got {request.Port}; leave it out or 0"
        : UnixSocketPath.Problem(request.Path);
}
