using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Operations;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Listeners;

/// <summary>
/// The one door to listeners for the pages, the hub and the API: open (Operators), list, watch and
/// read (everyone signed in), close (the owner or an Admin).
/// </summary>
public sealed class ListenerService
{
    /// <summary>The most events one read of <see cref="EventsAfter"/> returns.</summary>
    public const int MaxEventsPerRead = 1_000;

    private readonly VantagePoints _vantage;
    private readonly IOptions<ListenerOptions> _options;
    private readonly AuditQueue _audit;
    private readonly ListenerPolicy _policy;
    private readonly History.Storage.IHistoryRecorder _history;
    private readonly History.Storage.IListenerArchive _archive;
    private readonly IListenerDirectory _elsewhere;
    private readonly ListenerReplyGate _replies;
    private readonly IOptionsMonitor<PolicyOptions> _paths;

    public ListenerService(VantagePoints vantage, IOptions<ListenerOptions> options, IMeterFactory meters, AuditQueue audit, ListenerPolicy policy,
        ListenerReplyGate replies, History.Storage.IHistoryRecorder history, History.Storage.IListenerArchive archive, IListenerDirectory elsewhere,
        IOptionsMonitor<PolicyOptions> paths)
    {
        (_vantage, _options, _audit, _policy, _replies, _history, _archive, _elsewhere, _paths) = (vantage, options, audit, policy, replies, history, archive, elsewhere, paths);
        DashboardMetrics.Observe(meters, "dashboard.listeners.open", "{listener}", "Listeners open now",
            () => _vantage.Listeners().Count(l => !l.IsStopped));
    }

    public int DefaultTtlSeconds => _options.Value.DefaultTtlSeconds;

    public int MaxTtlSeconds => _options.Value.MaxTtlSeconds;

    public int DefaultBacklog => _options.Value.DefaultBacklog;

    public int MaxBacklog => _options.Value.MaxBacklog;

    /// <summary>The most bytes one send by hand carries (Sockets:Listeners:MaxSendBytes).</summary>
    public int MaxSendBytes => _options.Value.MaxSendBytes;

    /// <summary>Why a UDP listener's fixed reply of <paramref name="bytes"/> cannot be one datagram, or null.</summary>
    public static string? UdpReplySizeProblem(int bytes) => Sockets.Udp.UdpSender.PayloadSizeProblem(bytes, System.Net.Sockets.AddressFamily.InterNetwork);

    public string? TtlProblem(int? ttlSeconds) => Bounds.Problem("ttlSeconds", ttlSeconds, MaxTtlSeconds);

    public string? BacklogProblem(int? backlog) => Bounds.Problem("backlog", backlog, MaxBacklog);

    /// <exception cref="RequestRefusedException">Invalid, not allowed, a cap reached, or the port in use.</exception>
    public Task<ListenerInfo> OpenAsync(Actor actor, ListenerRequest? request, CancellationToken cancellationToken) =>
        _audit.TrackAsync(actor, AuditActions.ListenerOpen, VantageText.Target(AuditText.Listener(request), request?.From), async () =>
        {
            if (request is null)
            {
                throw new InvalidRequestException("request is required: { protocol, bindAddress?, port, backlog?, ttlSeconds?, reply? }");
            }

            actor.Require(Role.Operator, "opening a listener");
            var vantage = await _vantage.ResolveAsync(request.From, cancellationToken);
            // A path's rules (the allowed directories, links resolved) are judged where the path is: at the vantage point.
            var unix = request.Protocol is ListenerProtocol.Unix or ListenerProtocol.UnixDatagram;
            if (!unix && _policy.Problem(request, atThisServer: vantage.Id.Length == 0) is { } problem)
            {
                throw RequestRefusedException.Forbidden(problem);
            }

            _replies.Opening(actor);
            var listener = await vantage.OpenListenerAsync(request, actor.Name, _paths.CurrentValue.UnixSockets.Directories, cancellationToken);
            _history.ListenerOpened(actor, request, listener);
            return listener.Info();
        }, AuditText.Opened, info => info.Id);

    /// <summary>Open and recently stopped listeners, newest first: everyone's, with their owners.</summary>
    public IReadOnlyList<ListenerInfo> List(Actor actor)
    {
        actor.Require(Role.Viewer, "listing listeners");
        var here = _vantage.Listeners();
        // Scaled out: the other instances' too; one opened here through another instance's agent is listed once, by that instance.
        var elsewhere = _elsewhere.Listeners().Where(p => here.All(l => l.Id != p.Id));
        return [.. here.Concat(elsewhere).OrderByDescending(l => l.CreatedAt).Select(l => l.Info())];
    }

    /// <exception cref="RequestRefusedException">Not found.</exception>
    public ListenerInfo Get(Actor actor, string? listenerId)
    {
        actor.Require(Role.Viewer, "reading a listener");
        var (live, stored) = Find(listenerId);
        return live?.Info() ?? stored!.Info;
    }

    /// <summary>The kept history, then every event live, until the listener stops.</summary>
    /// <exception cref="RequestRefusedException">Not found.</exception>
    public IAsyncEnumerable<ListenerEvent> WatchAsync(Actor actor, string? listenerId, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "watching a listener");
        var (live, stored) = Find(listenerId);
        return live is null ? stored!.Events.ToAsyncEnumerable() : StoredFirstAsync(live, cancellationToken);
    }

    /// <summary>A live listener's events, each once it is stored: a crash cannot lose what a watcher was shown.</summary>
    private async IAsyncEnumerable<ListenerEvent> StoredFirstAsync(IVantageListener live, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in live.WatchAsync(cancellationToken))
        {
            await _history.StoredAsync(live.Id, e.Seq, cancellationToken);
            yield return e;
        }
    }

    /// <summary>Kept events numbered after <paramref name="after"/>, oldest first, at most <see cref="MaxEventsPerRead"/>.</summary>
    /// <exception cref="RequestRefusedException">Not found, or a bad <paramref name="after"/>.</exception>
    public IReadOnlyList<ListenerEvent> EventsAfter(Actor actor, string? listenerId, long after)
    {
        actor.Require(Role.Viewer, "reading a listener");
        if (after < 0)
        {
            throw new InvalidRequestException($"after must be 0 or a sequence number, got {after}");
        }

        var (live, stored) = Find(listenerId);
        if (live is not null)
        {
            // Only what is stored, as for watchers.
            var storedThrough = _history.StoredThrough(live.Id);
            return [.. live.EventsAfter(after, MaxEventsPerRead).TakeWhile(e => e.Seq <= storedThrough)];
        }

        return [.. stored!.Events.Where(e => e.Seq > after).Take(MaxEventsPerRead)];
    }

    /// <summary>The listener open here, or else its stored session.</summary>
    /// <exception cref="RequestRefusedException">Not found in either.</exception>
    private (IVantageListener? Live, History.Storage.StoredListener? Stored) Find(string? listenerId)
    {
        try
        {
            return (Live(listenerId), null);
        }
        catch (RequestRefusedException e) when (e.Kind == ErrorKind.NotFound)
        {
            var stored = _archive.Load(listenerId);
            if (stored is null)
            {
                throw;
            }

            return (null, stored);
        }
    }

    /// <summary>The listener open here, or scaled out at another instance.</summary>
    /// <exception cref="RequestRefusedException">Not found at any.</exception>
    private IVantageListener Live(string? listenerId)
    {
        try
        {
            return _vantage.Listener(listenerId);
        }
        catch (RequestRefusedException e) when (e.Kind == ErrorKind.NotFound && listenerId is { Length: > 0 and <= 64 })
        {
            if (_elsewhere.Find(listenerId) is { } elsewhere)
            {
                return elsewhere;
            }

            throw;
        }
    }

    /// <summary>
    /// Sends bytes by hand into a live listener's conversation (its owner or an Admin, holding the Operator role): a TCP
    /// connection that is open, or a UDP source it heard from, checked and bounded as its replies are. Audited.
    /// </summary>
    /// <exception cref="RequestRefusedException">Invalid, not the actor's, not found, refused by the reply rules, or the send failed.</exception>
    public Task<ListenerEvent> SendAsync(Actor actor, string? listenerId, ListenerSendRequest? request, CancellationToken cancellationToken) =>
        _audit.TrackAsync(actor, AuditActions.ListenerSend, listenerId, async () =>
        {
            actor.Require(Role.Operator, "sending through a listener");
            var listener = Live(listenerId);
            actor.RequireOwnerOrAdmin(listener.Owner, $"sending through listener {listener.Id}");
            if (request is null)
            {
                throw new InvalidRequestException("request is required: { connectionId (tcp) or peer (udp), payload, encoding? }");
            }

            // A listener at an agent sends under the agent's policy; the dashboard's holds too, for its owner, as for its replies.
            if (request.Peer is { } peerText && System.Net.IPEndPoint.TryParse(peerText, out var peer) &&
                await _replies.RefusalAsync(listener.Owner, peer, cancellationToken) is { } refused)
            {
                throw RequestRefusedException.Forbidden($"peer {peerText}: {refused}");
            }

            return await listener.SendAsync(request, actor.Name, cancellationToken);
        }, AuditText.Sent);

    /// <summary>Stops a listener; its watchers get a last <c>stopped</c> event.</summary>
    /// <exception cref="RequestRefusedException">Not found, or not the actor's to close.</exception>
    public Task<ListenerInfo> CloseAsync(Actor actor, string? listenerId) =>
        _audit.TrackAsync(actor, AuditActions.ListenerClose, listenerId, async () =>
        {
            var listener = Live(listenerId);
            actor.RequireOwnerOrAdmin(listener.Owner, $"closing listener {listener.Id}");
            await listener.StopAsync($"closed by {actor.Name} through the {actor.Door.ToString().ToLowerInvariant()}", CancellationToken.None);
            return listener.Info();
        }, info => AuditText.Stopped(info, info.StoppedReason));
}
