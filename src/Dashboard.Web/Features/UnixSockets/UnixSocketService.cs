using System.Globalization;
using Dashboard.Contracts.Unix;
using Dashboard.Sockets.UnixSockets;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.UnixSockets;

/// <summary>
/// The one door to Unix socket probes and sends for the page, the hub and the API: authorise, validate, take the user's
/// quota (a probe takes a probe, a send a datagram), and let the vantage point check the path against the allowed
/// directories where the path is (links resolved there) and use it; store, audit. A path outside them is forbidden.
/// </summary>
public sealed class UnixSocketService(VantagePoints vantagePoints, IOptionsMonitor<PolicyOptions> policy, UnixSocketClient engine, AuditQueue audit,
    Quotas quotas, History.Storage.IHistoryRecorder history)
{
    /// <summary>The directories this dashboard allows now.</summary>
    public IReadOnlyList<string> AllowedDirectories => policy.CurrentValue.UnixSockets.Directories;

    public int DefaultWaitReplyMs => engine.Options.DefaultWaitReplyMs;

    /// <exception cref="RequestRefusedException">Invalid, forbidden, over quota, or the agent could not do it.</exception>
    public Task<UnixProbeResult> ProbeAsync(Actor actor, UnixProbeRequest? request, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.UnixProbe, request is null ? null : VantageText.Target(request.Path, request.From), async () =>
        {
            actor.Require(Role.Operator, "probing Unix sockets");
            if (UnixSocketClient.ProbeProblem(request) is { } problem)
            {
                throw new InvalidRequestException(problem);
            }

            quotas.TakeProbe(actor);
            var vantage = await vantagePoints.ResolveAsync(request!.From, cancellationToken);
            var answer = await vantage.UseUnixSocketAsync(new UnixSocketOrder(request with { From = null }, null, AllowedDirectories), cancellationToken);
            var result = answer.Probe! with { From = vantage.Name };
            var stored = await history.AnsweredAsync(actor, HistoryKinds.Unix, Wire(result.State), VantageText.Target(request.Path, request.From), result.At,
                new UnixSocketOrder(request, null, []), new UnixSocketAnswer(result, null), cancellationToken);
            return result with { Id = stored };
        }, r => $"{Wire(r.State)}, code {r.Code} {r.CodeName}{(r.Peer is { } p ? string.Create(CultureInfo.InvariantCulture, $", peer pid {p.Pid} uid {p.Uid}") : "")}");

    /// <exception cref="RequestRefusedException">Invalid, forbidden, over quota, or the agent could not do it.</exception>
    public Task<UnixSendResult> SendAsync(Actor actor, UnixSendRequest? request, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.UnixSend, request is null ? null : VantageText.Target(request.Path, request.From), async () =>
        {
            actor.Require(Role.Operator, "sending to Unix sockets");
            if (engine.SendProblem(request) is { } problem)
            {
                throw new InvalidRequestException(problem);
            }

            quotas.TakeDatagrams(actor, 1);
            var vantage = await vantagePoints.ResolveAsync(request!.From, cancellationToken);
            var answer = await vantage.UseUnixSocketAsync(new UnixSocketOrder(null, request with { From = null }, AllowedDirectories), cancellationToken);
            var result = answer.Send! with { From = vantage.Name };
            var stored = await history.AnsweredAsync(actor, HistoryKinds.Unix, Wire(result.State), VantageText.Target(request.Path, request.From), result.At,
                new UnixSocketOrder(null, request, []), new UnixSocketAnswer(null, result), cancellationToken);
            return result with { Id = stored };
        }, r => string.Create(CultureInfo.InvariantCulture, $"{Wire(r.State)}, code {r.Code} {r.CodeName}, {r.BytesSent} bytes sent{(r.Reply is { } reply ? $", {reply.Bytes} bytes back" : "")}"));

    /// <summary>The state as the wire writes it.</summary>
    public static string Wire(UnixSocketState state) => System.Text.Json.JsonSerializer.Serialize(state).Trim('"');
}

/// <summary>"Run again" for a stored Unix socket probe or send: through the service, so its rules hold.</summary>
public sealed class UnixSocketRerunner(UnixSocketService unix) : IHistoryRerunner
{
    public string Kind => HistoryKinds.Unix;

    public async Task<string> RerunAsync(Actor actor, string requestJson, CancellationToken cancellationToken)
    {
        var order = History.Storage.JsonChunk.Read<UnixSocketOrder>(requestJson);
        string? id = order switch
        {
            { Probe: { } probe } => (await unix.ProbeAsync(actor, probe, cancellationToken)).Id,
            { Send: { } send } => (await unix.SendAsync(actor, send, cancellationToken)).Id,
            _ => throw RequestRefusedException.Conflict("the stored Unix socket request is neither a probe nor a send"),
        };
        return HistoryService.LinkOf(HistoryKinds.Unix, id ?? "");
    }
}
