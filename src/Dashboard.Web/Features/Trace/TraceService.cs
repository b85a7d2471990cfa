using System.Net.Sockets;
using Dashboard.Contracts.Trace;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Tracing;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Trace;

/// <summary>
/// The one door to traces for the page, the hub and the API: validate, authorise, take one probe of the user's quota,
/// resolve at the vantage point and check the policy on that address (the target; the hops on the way are only
/// observed), trace to that same address, store, audit. A denied target is refused (forbidden) and nothing is sent.
/// </summary>
public sealed class TraceService(VantagePoints vantagePoints, IOptions<TraceOptions> options, AuditQueue audit, TargetGate gate, Quotas quotas,
    TimeProvider time, History.Storage.IHistoryRecorder history)
{
    private readonly Tracer _rules = new(options, time);

    public TraceOptions Options => options.Value;

    /// <summary>Traces; <paramref name="onHop"/> gets each hop in order as soon as it is known.</summary>
    /// <exception cref="RequestRefusedException">Invalid input, not allowed, a quota or the socket budget reached; nothing was sent.</exception>
    public Task<TraceResult> TraceAsync(Actor actor, TraceRequest? request, Func<TraceHop, CancellationToken, ValueTask>? onHop,
        CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.Trace,
            request is null ? null : VantageText.Target(AuditText.HostPort(request.Host, request.Port), request.From), async () =>
            {
                _rules.Validate(request);
                actor.Require(Role.Operator, "tracing");
                // The vantage point first: a trace from an unknown or offline agent spends none of the quota.
                var vantage = await vantagePoints.ResolveAsync(request!.From, cancellationToken);
                quotas.TakeProbe(actor);
                var host = request.Host.Trim();
                var at = time.GetUtcNow();
                var answer = await gate.CheckAsync(vantage, actor, host, request.Port, "trace", TimeSpan.FromSeconds(5), cancellationToken);
                var result = await answer.ThenAsync(
                    error => NotResolved(host, request.Port, request.Protocol ?? TraceProtocol.Tcp, error, at),
                    decision => throw RequestRefusedException.Forbidden($"{decision.Message}; nothing was sent"),
                    async literal => await vantage.TraceAsync(request with { Host = literal }, onHop, cancellationToken) with { Host = host });
                result = result with { From = vantage.Name };
                var id = await history.AnsweredAsync(actor, HistoryKinds.Trace, WireName.Of(result.Outcome),
                    Probe.ProbeTarget.Format(host, request.Port), result.At, request, result, cancellationToken);
                return result with { Id = id };
            }, r => $"{WireName.Of(r.Outcome)}: {r.Verdict}");

    private static TraceResult NotResolved(string host, int port, TraceProtocol protocol, SocketError error, DateTimeOffset at) =>
        new(host, null, port, protocol, TraceOutcome.Error, $"the name '{host}' did not resolve ({NativeError.Of(error).Name}); nothing was sent",
            [], 0, at);
}
