using System.Net.Sockets;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Targets;
using Dashboard.Sockets.Udp;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Operations;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Udp;

/// <summary>The one door to UDP sends for the page, the hub and the API: authorise, execute at the vantage point, count, audit.</summary>
public sealed class UdpService(VantagePoints vantagePoints, IOptions<UdpOptions> options, DashboardMetrics metrics, AuditLog audit)
{
    public int DefaultWaitReplyMs => options.Value.DefaultWaitReplyMs;

    public int MaxWaitReplyMs => options.Value.MaxWaitReplyMs;

    public int MaxCount => options.Value.MaxCount;

    public static string? HostProblem(string? host) => HostName.Problem(host);

    public string? CountProblem(int? count) => Bounds.Problem("count", count, MaxCount);

    /// <summary>
    /// Why a payload of <paramref name="bytes"/> does not fit one datagram to <paramref name="host"/>: an
    /// IPv6 literal has IPv6's limit, anything else (a name not yet resolved included) IPv4's.
    /// </summary>
    public static string? PayloadSizeProblem(int bytes, string? host) =>
        UdpSender.PayloadSizeProblem(bytes, HostName.TryParseAddress(host ?? "", out var address) ? address.AddressFamily : AddressFamily.InterNetwork);

    /// <exception cref="RequestRefusedException">Invalid input or not allowed; nothing was sent.</exception>
    public Task<UdpSendResult> SendAsync(Actor actor, UdpSendRequest? request, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.UdpSend, request is null ? null : VantageText.Target(AuditText.HostPort(request.Host, request.Port), request.From), async () =>
        {
            if (request is null)
            {
                throw new InvalidRequestException("request is required: { host, port, payload, encoding?, count?, intervalMs?, waitReplyMs? }");
            }

            actor.Require(Role.Operator, "sending UDP");
            var vantage = await vantagePoints.ResolveAsync(request.From, cancellationToken);
            var result = await vantage.SendUdpAsync(request, cancellationToken) with { From = vantage.Name };
            metrics.UdpSent(result.State);
            return result;
        }, AuditText.Of);
}
