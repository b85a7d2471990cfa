using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Policy;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Operations;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Probe;

/// <summary>
/// The one door to TCP probes for the page, the hub and the API: validate, authorise, take the user's
/// quota, resolve at the vantage point and check the policy on that address, probe that same address,
/// count, audit. A denied target is a result with state <c>error</c> naming the rule; nothing is sent.
/// </summary>
public sealed class ProbeService(VantagePoints vantagePoints, IOptions<ProbeOptions> options, DashboardMetrics metrics, AuditQueue audit,
    TargetGate gate, Quotas quotas, TimeProvider time, History.Storage.IHistoryRecorder history)
{
    public int DefaultTimeoutMs => options.Value.DefaultTimeoutMs;

    public int MaxTimeoutMs => options.Value.MaxTimeoutMs;

    public static string? HostProblem(string? host) => HostName.Problem(host);

    public static string? PortProblem(int? port) =>
        port is { } value ? PortNumber.Problem(value) : $"port is required: {PortNumber.Min}-{PortNumber.Max}";

    public string? TimeoutProblem(int? timeoutMs) => Bounds.Problem("timeoutMs", timeoutMs, MaxTimeoutMs);

    /// <exception cref="RequestRefusedException">Invalid input, not allowed, or over the quota; nothing was sent.</exception>
    public Task<ProbeResult> ProbeAsync(Actor actor, ProbeRequest? request, CancellationToken cancellationToken)
    {
        var denied = false;
        return audit.TrackAsync(actor, AuditActions.Probe, request is null ? null : VantageText.Target(AuditText.HostPort(request.Host, request.Port), request.From), async () =>
        {
            Validate(request);
            actor.Require(Role.Operator, "probing");
            quotas.TakeProbe(actor);
            var vantage = await vantagePoints.ResolveAsync(request!.From, cancellationToken);
            var host = request.Host.Trim();
            var at = time.GetUtcNow();
            var timeoutMs = request.TimeoutMs ?? DefaultTimeoutMs;
            var answer = await gate.CheckAsync(vantage, actor, host, request.Port, "probe", TimeSpan.FromMilliseconds(Math.Max(timeoutMs, 1_000)), cancellationToken);
            var result = await answer.ThenAsync(
                error => PolicyOutcomes.NotResolvedProbe(host, request.Port, error, at),
                decision =>
                {
                    denied = true;
                    return PolicyOutcomes.DeniedProbe(host, request.Port, decision, at);
                },
                async literal => await vantage.ProbeAsync(request with { Host = literal }, cancellationToken) with { Host = host });
            result = result with { From = vantage.Name };
            metrics.Probed(result.State);
            // Stored before the answer goes out: a probe anyone was shown is in the history.
            return result with { Id = await history.ProbedAsync(actor, request!, result, cancellationToken) };
        }, r => denied ? $"{AuditText.Of(r)}: {r.Message}" : AuditText.Of(r), refusedBy: _ => denied ? ErrorKind.Forbidden : null);
    }

    private void Validate(ProbeRequest? request)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { host, port, timeoutMs? }");
        }

        if ((HostProblem(request.Host) ?? PortNumber.Problem(request.Port) ?? TimeoutProblem(request.TimeoutMs)) is { } problem)
        {
            throw new InvalidRequestException(problem);
        }
    }
}
