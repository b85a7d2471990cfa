using System.Net;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Payloads;
using Dashboard.Sockets.Targets;

namespace Dashboard.Sockets.Listeners;

/// <summary>A validated listener request.</summary>
internal sealed record ListenerPlan(ListenerProtocol Protocol, IPEndPoint Bind, int Backlog, TimeSpan Ttl, ReplyMode ReplyMode, byte[] ReplyPayload)
{

    /// <exception cref="InvalidRequestException">What is wrong and what is allowed.</exception>
    public static ListenerPlan From(ListenerRequest? request, ListenerOptions options)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { protocol, bindAddress?, port, backlog?, ttlSeconds?, reply? }");
        }

        if (request.Protocol is not ({ } protocol and (ListenerProtocol.Tcp or ListenerProtocol.Udp)))
        {
            throw new InvalidRequestException($"protocol must be tcp or udp, got '{request.Protocol}'");
        }

        var address = IPAddress.Loopback;
        if (!string.IsNullOrWhiteSpace(request.BindAddress) && !HostName.TryParseAddress(request.BindAddress, out address))
        {
            throw new InvalidRequestException(
                $"bindAddress must be an IP address of this host (0.0.0.0, :: for IPv4 and IPv6, 127.0.0.1, ::1, ...), got '{request.BindAddress}'");
        }

        var problem = (request.Port is < 0 or > PortNumber.Max ? $"port must be 0 (any free port) or 1-{PortNumber.Max}, got {request.Port}" : null)
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

        return new ListenerPlan(protocol, new IPEndPoint(address, request.Port), request.Backlog ?? options.DefaultBacklog,
            TimeSpan.FromSeconds(request.TtlSeconds ?? options.DefaultTtlSeconds), mode, payload);
    }
}
