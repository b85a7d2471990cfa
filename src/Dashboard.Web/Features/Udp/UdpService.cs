using System.Net.Sockets;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Policy;
using Dashboard.Sockets.Targets;
using Dashboard.Sockets.Udp;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Operations;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Udp;

/// <summary>
/// The one door to UDP sends for the page, the hub and the API: authorise, take the user's datagram
/// quota, resolve at the vantage point and check the policy on that address, send to that same
/// address, count, store, audit. A denied target is a result with state <c>error</c> naming the rule.
/// </summary>
public sealed class UdpService(VantagePoints vantagePoints, IOptions<UdpOptions> options, DashboardMetrics metrics, AuditQueue audit,
    TargetGate gate, Quotas quotas, TimeProvider time, History.Storage.IHistoryRecorder history)
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
    public Task<UdpSendResult> SendAsync(Actor actor, UdpSendRequest? request, CancellationToken cancellationToken)
    {
        var denied = false;
        return audit.TrackAsync(actor, AuditActions.UdpSend, request is null ? null : VantageText.Target(AuditText.HostPort(request.Host, request.Port), request.From), async () =>
        {
            if (request is null)
            {
                throw new InvalidRequestException("request is required: { host, port, payload, encoding?, count?, intervalMs?, waitReplyMs? }");
            }

            actor.Require(Role.Operator, "sending UDP");
            if ((HostProblem(request.Host) ?? PortNumber.Problem(request.Port) ?? CountProblem(request.Count)) is { } problem)
            {
                throw new InvalidRequestException(problem);
            }

            quotas.TakeDatagrams(actor, request.Count ?? 1);
            var vantage = await vantagePoints.ResolveAsync(request.From, cancellationToken);
            var host = request.Host.Trim();
            var at = time.GetUtcNow();
            var answer = await gate.CheckAsync(vantage, actor, host, request.Port, "udp", TimeSpan.FromSeconds(5), cancellationToken);
            var result = await answer.ThenAsync(
                error => PolicyOutcomes.NotResolvedUdp(host, request.Port, error, at),
                decision =>
                {
                    denied = true;
                    return PolicyOutcomes.DeniedUdp(host, request.Port, decision, at);
                },
                async literal => await vantage.SendUdpAsync(request with { Host = literal }, cancellationToken) with { Host = host });
            result = result with { From = vantage.Name };
            metrics.UdpSent(result.State);
            // Stored before the answer goes out, replies included.
            return result with { Id = await history.UdpSentAsync(actor, request, result, cancellationToken) };
        }, r => denied ? $"{AuditText.Of(r)}: {r.Message}" : AuditText.Of(r), refusedBy: _ => denied ? ErrorKind.Forbidden : null);
    }
}
