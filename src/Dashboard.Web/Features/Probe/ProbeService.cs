using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Operations;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Probe;

/// <summary>
/// The one door to TCP probes for the page, the hub and the API: validate, authorise, (policy and
/// quota come with their issues), execute at the vantage point, count, audit.
/// </summary>
public sealed class ProbeService(VantagePoints vantagePoints, IOptions<ProbeOptions> options, DashboardMetrics metrics, AuditLog audit)
{
    public int DefaultTimeoutMs => options.Value.DefaultTimeoutMs;

    public int MaxTimeoutMs => options.Value.MaxTimeoutMs;

    public static string? HostProblem(string? host) => HostName.Problem(host);

    public static string? PortProblem(int? port) =>
        port is { } value ? PortNumber.Problem(value) : $"port is required: {PortNumber.Min}-{PortNumber.Max}";

    public string? TimeoutProblem(int? timeoutMs) => Bounds.Problem("timeoutMs", timeoutMs, MaxTimeoutMs);

    /// <exception cref="RequestRefusedException">Invalid input or not allowed; nothing was sent.</exception>
    public Task<ProbeResult> ProbeAsync(Actor actor, ProbeRequest? request, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.Probe, request is null ? null : VantageText.Target(AuditText.HostPort(request.Host, request.Port), request.From), async () =>
        {
            Validate(request);
            actor.Require(Role.Operator, "probing");
            var vantage = await vantagePoints.ResolveAsync(request!.From, cancellationToken);
            var result = await vantage.ProbeAsync(request, cancellationToken) with { From = vantage.Name };
            metrics.Probed(result.State);
            return result;
        }, AuditText.Of);

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
