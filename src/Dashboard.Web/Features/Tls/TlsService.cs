using Dashboard.Contracts.Tls;
using Dashboard.Sockets.Targets;
using Dashboard.Sockets.Tls;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Operations;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.Features.Tls;

/// <summary>
/// The one door to TLS checks for the page, the hub, the API and watches: validate, authorise, take a probe of the
/// user's quota, resolve at the vantage point and check the policy on that address, shake hands with that same address
/// (the SNI decided here: the name as typed unless the request says otherwise), store, audit. A denied target is a
/// result with state <c>error</c> naming the rule; nothing is sent.
/// </summary>
public sealed class TlsService(VantagePoints vantagePoints, TlsChecker checker, AuditQueue audit, TargetGate gate, Quotas quotas, TimeProvider time,
    History.Storage.IHistoryRecorder history)
{
    /// <exception cref="RequestRefusedException">Invalid input, not allowed, or over the quota; nothing was sent.</exception>
    public Task<TlsCheckResult> CheckAsync(Actor actor, TlsCheckRequest? request, CancellationToken cancellationToken)
    {
        var denied = false;
        return audit.TrackAsync(actor, AuditActions.TlsCheck, request is null ? null : VantageText.Target(AuditText.HostPort(request.Host, request.Port), request.From), async () =>
        {
            checker.Validate(request);
            actor.Require(Role.Operator, "checking TLS");
            quotas.TakeProbe(actor);
            var vantage = await vantagePoints.ResolveAsync(request!.From, cancellationToken);
            var host = request.Host.Trim();
            var at = time.GetUtcNow();
            var answer = await gate.CheckAsync(vantage, actor, host, request.Port, "tls", TimeSpan.FromSeconds(5), cancellationToken);
            var sni = request.Sni ?? (HostName.TryParseAddress(host, out _) ? "" : host);
            var result = await answer.ThenAsync(
                error => Refused(request, host, null, $"the name '{host}' did not resolve ({error})", at),
                decision =>
                {
                    denied = true;
                    return Refused(request, host, decision.Address.ToString(), $"{decision.Message}; nothing was sent", at);
                },
                async literal => await vantage.CheckTlsAsync(request with { Host = literal, Sni = sni }, cancellationToken) with { Host = host });
            result = result with { From = vantage.Name };
            var id = await history.AnsweredAsync(actor, HistoryKinds.Tls, WireName.Of(result.State), AuditText.HostPort(host, request.Port), at, request,
                result, cancellationToken);
            return result with { Id = id };
        }, r => $"{WireName.Of(r.State)}: {r.Message}", refusedBy: _ => denied ? ErrorKind.Forbidden : null);
    }

    private static TlsCheckResult Refused(TlsCheckRequest request, string host, string? address, string message, DateTimeOffset at) =>
        new(host, address, request.Port, TlsState.Error, message, null, request.StartTls, null, null, null, request.Alpn ?? TlsCheckRequest.DefaultAlpn, null,
            null, null, [], null, null, "no certificate: nothing was sent", null, [], null, at);
}

/// <summary>"Run again" for a stored TLS check: through <see cref="TlsService"/>, with its rules.</summary>
public sealed class TlsRerunner(TlsService tls) : IHistoryRerunner
{
    public string Kind => HistoryKinds.Tls;

    public async Task<string> RerunAsync(Actor actor, string requestJson, CancellationToken cancellationToken)
    {
        var result = await tls.CheckAsync(actor, History.Storage.JsonChunk.Read<TlsCheckRequest>(requestJson), cancellationToken);
        return result.Id is { } id ? HistoryService.LinkOf(HistoryKinds.Tls, id) : "tls";
    }
}
