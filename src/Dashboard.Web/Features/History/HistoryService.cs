using System.Text.Json;
using Dashboard.Contracts.History;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Access;
using Dashboard.Web.Errors;
using Dashboard.Web.Features.History.Storage;
using Dashboard.Web.Features.Scan;

namespace Dashboard.Web.Features.History;

/// <summary>
/// The one door to the history for the page and the REST API. Everyone signed in (Viewers too) reads the
/// team's history, as they watch the team's scans and listeners; re-running goes through the feature's own
/// service with its own rules; only retention deletes.
/// </summary>
public sealed class HistoryService(HistoryStore store, ScanService scans, Listeners.ListenerService listeners, Probe.ProbeService probes, Udp.UdpService udp,
    HeavyReads reads, IEnumerable<IHistoryRerunner> rerunners)
{
    public const int MaxPageSize = 500;

    /// <exception cref="RequestRefusedException">A filter that is not valid.</exception>
    public async Task<HistoryPage> SearchAsync(Actor actor, HistoryFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "reading the history");
        PageBounds.Check(page, pageSize, MaxPageSize);

        if (filter.Kind is { } kind && !HistoryKinds.All.Contains(kind))
        {
            throw new InvalidRequestException($"kind must be one of {string.Join(", ", HistoryKinds.All)}, got '{kind}'");
        }

        if (filter is { From: { } from, To: { } to } && to < from)
        {
            throw new InvalidRequestException($"to ({to:O}) must not be before from ({from:O})");
        }

        var (total, items) = await store.SearchAsync(filter, page, pageSize, cancellationToken);
        return new HistoryPage(page, pageSize, total, [.. items.Select(EntryOf)]);
    }

    /// <summary>One item with its request and result: a probe's or UDP send's result, a scan's status, a listener's info and events.</summary>
    /// <exception cref="RequestRefusedException">Not found.</exception>
    public async Task<HistoryRecord> GetAsync(Actor actor, string? id, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "reading the history");
        var item = await store.FindAsync(id, cancellationToken) ?? throw NotFound(id);
        object result = item.Kind switch
        {
            HistoryKinds.Scan => scans.Status(actor, item.Id),
            HistoryKinds.Listener => listeners.Get(actor, item.Id),
            _ => JsonSerializer.Deserialize<JsonElement>(item.Summary),
        };
        return new HistoryRecord(EntryOf(item), JsonSerializer.Deserialize<JsonElement>(item.Request), result);
    }

    /// <summary>A stored probe: what was asked and what it found.</summary>
    /// <exception cref="RequestRefusedException">Not found, or not a probe.</exception>
    public async Task<(ProbeRequest Request, ProbeResult Result, HistoryEntry Entry)> ProbeAsync(Actor actor, string? id, CancellationToken cancellationToken)
    {
        var item = await KindAsync(actor, id, HistoryKinds.Probe, cancellationToken);
        return (JsonChunk.Read<ProbeRequest>(item.Request)!, JsonChunk.Read<ProbeResult>(item.Summary)!, EntryOf(item));
    }

    /// <summary>A stored UDP send: what was sent and every reply.</summary>
    /// <exception cref="RequestRefusedException">Not found, or not a UDP send.</exception>
    public async Task<(UdpSendRequest Request, UdpSendResult Result, HistoryEntry Entry)> UdpAsync(Actor actor, string? id, CancellationToken cancellationToken)
    {
        var item = await KindAsync(actor, id, HistoryKinds.Udp, cancellationToken);
        return (JsonChunk.Read<UdpSendRequest>(item.Request)!, JsonChunk.Read<UdpSendResult>(item.Summary)!, EntryOf(item));
    }

    /// <summary>What changed from scan <paramref name="a"/> to scan <paramref name="b"/>: live or stored, either.</summary>
    /// <exception cref="RequestRefusedException">Either not found, one still running, or too many comparisons and exports running (<see cref="HeavyReads"/>).</exception>
    public ScanComparison Compare(Actor actor, string? a, string? b)
    {
        actor.Require(Role.Viewer, "comparing scans");
        if (string.IsNullOrWhiteSpace(a) || string.IsNullOrWhiteSpace(b))
        {
            throw new InvalidRequestException($"a and b are required: the ids of the two scans to compare, got a='{a}', b='{b}'");
        }

        using var lease = reads.Enter(actor, $"comparing scans {a} and {b}");
        var first = scans.Get(actor, a);
        var second = scans.Get(actor, b);
        foreach (var job in new[] { first, second })
        {
            if (!job.IsFinished)
            {
                throw RequestRefusedException.Conflict($"scan {job.Id} is still running; compare it once it has ended");
            }
        }

        return ScanComparer.Compare(first, second);
    }

    /// <summary>
    /// Does it again, as asked then, through the feature's own service (its role, rules, quota and audit):
    /// a new probe, send, scan or listener. Its page in the dashboard.
    /// </summary>
    /// <exception cref="RequestRefusedException">Not found, or refused by the feature's service.</exception>
    public async Task<string> RerunAsync(Actor actor, string? id, CancellationToken cancellationToken)
    {
        actor.Require(Role.Operator, "running an item again");
        var item = await store.FindAsync(id, cancellationToken) ?? throw NotFound(id);
        switch (item.Kind)
        {
            case HistoryKinds.Probe:
                var probe = await probes.ProbeAsync(actor, JsonChunk.Read<ProbeRequest>(item.Request), cancellationToken);
                return probe.Id is { } probeId ? LinkOf(HistoryKinds.Probe, probeId) : "probe";
            case HistoryKinds.Udp:
                var sent = await udp.SendAsync(actor, JsonChunk.Read<UdpSendRequest>(item.Request), cancellationToken);
                return sent.Id is { } sendId ? LinkOf(HistoryKinds.Udp, sendId) : "udp";
            case HistoryKinds.Scan:
                var job = await scans.StartAsync(actor, JsonChunk.Read<Contracts.Scan.ScanRequest>(item.Request), cancellationToken);
                return LinkOf(HistoryKinds.Scan, job.Id);
            case HistoryKinds.Listener:
                var listener = await listeners.OpenAsync(actor, JsonChunk.Read<Contracts.Listeners.ListenerRequest>(item.Request), cancellationToken);
                return LinkOf(HistoryKinds.Listener, listener.Id);
            default:
                var rerunner = rerunners.FirstOrDefault(r => r.Kind == item.Kind)
                    ?? throw RequestRefusedException.Conflict($"a {item.Kind} cannot be run again by this dashboard");
                return await rerunner.RerunAsync(actor, item.Request, cancellationToken);
        }
    }

    /// <summary>How an item appears in the list, with its page in the dashboard.</summary>
    public static HistoryEntry EntryOf(HistoryItem item) =>
        new(item.Id, item.Kind, item.Owner, item.State, item.Target, item.StartedAt, item.EndedAt, item.Items, item.Bytes, LinkOf(item.Kind, item.Id));

    public static string LinkOf(string kind, string id) => kind switch
    {
        HistoryKinds.Scan => $"scan/{id}",
        HistoryKinds.Listener => $"listeners/{id}",
        HistoryKinds.Udp => $"udp/{id}",
        HistoryKinds.Trace => $"trace/{id}",
        HistoryKinds.Service => $"services/{id}",
        HistoryKinds.Tls => $"tls/{id}",
        HistoryKinds.Unix => $"unix/{id}",
        _ => $"probe/{id}",
    };

    private async Task<HistoryItem> KindAsync(Actor actor, string? id, string kind, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "reading the history");
        var item = await store.FindAsync(id, cancellationToken);
        return item is not null && item.Kind == kind ? item : throw RequestRefusedException.NotFound($"'{id}' is not a {kind} in the history");
    }

    private static RequestRefusedException NotFound(string? id) => RequestRefusedException.NotFound($"id '{id}' is not in the history");
}

/// <summary>One item of the history in full, as <c>GET /api/history/{id}</c> answers.</summary>
/// <param name="Entry">As the list shows it.</param>
/// <param name="Request">The request as it was made (the hub's and the API's own record).</param>
/// <param name="Result">A probe's <c>ProbeResult</c>, a UDP send's <c>UdpSendResult</c>, a scan's <c>ScanStatus</c> (its results at <c>/api/scans/{id}/results</c>), a listener's <c>ListenerInfo</c> (its events at <c>/api/listeners/{id}/events</c>).</param>
public sealed record HistoryRecord(HistoryEntry Entry, JsonElement Request, object Result);
