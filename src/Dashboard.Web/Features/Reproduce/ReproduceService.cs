using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Reproduce;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Access;
using Dashboard.Web.Errors;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.History.Storage;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Scan;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>
/// The commands that ask a result's question by hand, for the pages and the REST API. They only describe what was
/// already asked, so whoever may read the result (a Viewer too) may read them; nothing is sent anywhere.
/// </summary>
public sealed class ReproduceService(HistoryStore store, ScanService scans, ListenerService listeners, ReproduceDefaults defaults)
{
    /// <summary>The commands for a stored item: a probe, UDP send, scan, listener, trace, service identification, TLS check or Unix socket probe or send.</summary>
    /// <param name="actor">Who asks: anyone signed in.</param>
    /// <param name="id">The item's id in the history.</param>
    /// <param name="dashboardHost">The host the caller reached the dashboard by: where clients reach a listener of this server bound to every address.</param>
    /// <param name="cancellationToken">Ends the read.</param>
    /// <exception cref="RequestRefusedException">Not found, or a kind that has no commands yet.</exception>
    public async Task<ReproduceCommands> ForHistoryAsync(Actor actor, string? id, string? dashboardHost, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "reading the history");
        var item = await store.FindAsync(id, cancellationToken) ?? throw RequestRefusedException.NotFound($"id '{id}' is not in the history");
        switch (item.Kind)
        {
            case HistoryKinds.Probe:
                return defaults.Probe(JsonChunk.Read<ProbeRequest>(item.Request), JsonChunk.Read<ProbeResult>(item.Summary)!);
            case HistoryKinds.Udp:
                return defaults.Udp(JsonChunk.Read<UdpSendRequest>(item.Request)!, JsonChunk.Read<UdpSendResult>(item.Summary)!);
            case HistoryKinds.Scan:
                return ScanCommands.For(JsonChunk.Read<ScanRequest>(item.Request)!, scans.Status(actor, item.Id).From);
            case HistoryKinds.Listener:
                var info = listeners.Get(actor, item.Id);
                return ListenerCommands.For(info, JsonChunk.Read<ListenerRequest>(item.Request)?.Reply, info.From is null ? dashboardHost : null);
            case HistoryKinds.Trace:
                return defaults.Trace(JsonChunk.Read<Contracts.Trace.TraceRequest>(item.Request)!, JsonChunk.Read<Contracts.Trace.TraceResult>(item.Summary)!);
            case HistoryKinds.Service:
                return ServiceCommands.For(JsonChunk.Read<Contracts.Identify.IdentifyResult>(item.Summary)!);
            case HistoryKinds.Tls:
                return defaults.Tls(JsonChunk.Read<Contracts.Tls.TlsCheckResult>(item.Summary)!);
            case HistoryKinds.Unix:
                return defaults.Unix(JsonChunk.Read<Contracts.Unix.UnixSocketOrder>(item.Request)!, JsonChunk.Read<Contracts.Unix.UnixSocketAnswer>(item.Summary)!);
            default:
                throw RequestRefusedException.Conflict($"a {item.Kind} has no commands to reproduce it");
        }
    }
}
