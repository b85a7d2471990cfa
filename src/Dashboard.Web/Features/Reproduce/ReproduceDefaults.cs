using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Reproduce;
using Dashboard.Contracts.Tls;
using Dashboard.Contracts.Trace;
using Dashboard.Contracts.Udp;
using Dashboard.Contracts.Unix;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Tls;
using Dashboard.Sockets.Tracing;
using Dashboard.Sockets.Udp;
using Dashboard.Sockets.UnixSockets;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>
/// The commands of results whose request left a bound to the server's default (a timeout, a wait, tries): the command
/// states the bound the result was asked with. For the result cards (which hold the request) and for stored items alike.
/// </summary>
public sealed class ReproduceDefaults(IOptions<ProbeOptions> probeOptions, IOptions<UdpOptions> udpOptions, IOptions<TraceOptions> traceOptions,
    IOptions<UnixSocketOptions> unixOptions, IOptions<TlsOptions> tlsOptions)
{
    public ReproduceCommands Probe(ProbeRequest? request, ProbeResult result) =>
        ProbeCommands.For(result, request?.TimeoutMs ?? probeOptions.Value.DefaultTimeoutMs);

    public ReproduceCommands Udp(UdpSendRequest request, UdpSendResult result) =>
        UdpCommands.For(request, result, request.WaitReplyMs ?? udpOptions.Value.DefaultWaitReplyMs);

    public ReproduceCommands Trace(TraceRequest request, TraceResult result)
    {
        var defaults = traceOptions.Value;
        return TraceCommands.For(request, result, request.Tries ?? defaults.DefaultTries, request.MaxHops ?? defaults.DefaultMaxHops,
            request.TimeoutMs ?? defaults.DefaultTimeoutMs);
    }

    public ReproduceCommands Unix(UnixSocketOrder order, UnixSocketAnswer answer) =>
        UnixCommands.For(order, answer, order.Send?.WaitReplyMs ?? unixOptions.Value.DefaultWaitReplyMs);

    /// <summary>A check made here names the CA file this server trusts besides the system's (openssl takes one).</summary>
    public ReproduceCommands Tls(TlsCheckResult result) => TlsCommands.For(result, tlsOptions.Value.ExtraTrustedCaFiles);
}
