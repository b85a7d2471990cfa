using System.Net.Sockets;
using Dashboard.Contracts.Identify;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Identify;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Identify;

/// <summary>
/// The one door to service identification for the page, the hub and the API: validate, authorise, take one probe of the
/// user's quota, resolve at the vantage point and check the policy on that address, identify at that same address,
/// store, audit. A denied target is a result with state <c>error</c> naming the rule; nothing is sent.
/// </summary>
public sealed class IdentifyService(VantagePoints vantagePoints, IOptions<IdentifyOptions> options, AuditQueue audit, TargetGate gate,
    Quotas quotas, TimeProvider time, History.Storage.IHistoryRecorder history)
{
    public IdentifyOptions Options => options.Value;

    public static string? HostProblem(string? host) => HostName.Problem(host);

    public string? TimeoutProblem(int? timeoutMs) => Bounds.Problem("timeoutMs", timeoutMs, Options.MaxTimeoutMs);

    /// <exception cref="RequestRefusedException">Invalid input, not allowed, or over the quota; nothing was sent.</exception>
    public Task<IdentifyResult> IdentifyAsync(Actor actor, IdentifyRequest? request, CancellationToken cancellationToken) =>
        RunAsync(actor, request, null, cancellationToken);

    /// <summary>One port of a batch whose quota was taken, and vantage point resolved, for all its ports at once.</summary>
    /// <exception cref="RequestRefusedException">Invalid input or not allowed; nothing was sent.</exception>
    internal Task<IdentifyResult> IdentifyInBatchAsync(Actor actor, IdentifyRequest request, IVantagePoint vantage, CancellationToken cancellationToken) =>
        RunAsync(actor, request, vantage, cancellationToken);

    private Task<IdentifyResult> RunAsync(Actor actor, IdentifyRequest? request, IVantagePoint? batchVantage, CancellationToken cancellationToken)
    {
        var denied = false;
        return audit.TrackAsync(actor, AuditActions.Identify, request is null ? null : VantageText.Target(AuditText.HostPort(request.Host, request.Port), request.From), async () =>
        {
            Validate(request);
            actor.Require(Role.Operator, "identifying services");
            // One identification is one probe of the quota: it opens a connection at a time, a handful at most.
            if (batchVantage is null)
            {
                quotas.TakeProbe(actor);
            }

            var vantage = batchVantage ?? await vantagePoints.ResolveAsync(request!.From, cancellationToken);
            var host = request!.Host.Trim();
            var at = time.GetUtcNow();
            var answer = await gate.CheckAsync(vantage, actor, host, request.Port, "identify", TimeSpan.FromSeconds(5), cancellationToken);
            var result = await answer.ThenAsync(
                error => Unsent(host, null, request.Port, NativeError.Of(error), $"the name '{host}' did not resolve ({NativeError.Of(error).Name})", at),
                decision =>
                {
                    denied = true;
                    return Unsent(host, decision.Address.ToString(), request.Port, NativeError.Of(SocketError.AccessDenied), $"{decision.Message}; nothing was sent", at);
                },
                async literal => await vantage.IdentifyAsync(request with { Host = literal }, cancellationToken) with { Host = host });
            result = result with { From = vantage.Name };
            // Stored before the answer goes out: what anyone was shown is in the history.
            var id = await history.AnsweredAsync(actor, HistoryKinds.Service, WireName.Of(result.State), Probe.ProbeTarget.Format(host, request.Port), at,
                request, result, cancellationToken);
            return result with { Id = id };
        }, r => denied ? $"{WireName.Of(r.State)}: {r.Message}" : $"{WireName.Of(r.State)} {r.Service ?? ""}".TrimEnd(), refusedBy: _ => denied ? ErrorKind.Forbidden : null);
    }

    private void Validate(IdentifyRequest? request)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { host, port, timeoutMs?, from? }");
        }

        if ((HostProblem(request.Host) ?? PortNumber.Problem(request.Port) ?? TimeoutProblem(request.TimeoutMs)) is { } problem)
        {
            throw new InvalidRequestException(problem);
        }
    }

    private static IdentifyResult Unsent(string host, string? address, int port, NativeError error, string message, DateTimeOffset at) =>
        new(host, address, port, IdentifyState.Error, null, null, null, null, null, IdentifyConfidence.None, ServiceNames.Of(port), error.Code, error.Name,
            message, null, [], 0, at);
}
