using System.Diagnostics.Metrics;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Operations;
using Dashboard.Web.Policy;
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

    private readonly IVantagePoint _vantage;
    private readonly IOptions<ListenerOptions> _options;
    private readonly AuditLog _audit;
    private readonly ListenerPolicy _policy;

    public ListenerService(IVantagePoint vantage, IOptions<ListenerOptions> options, IMeterFactory meters, AuditLog audit, ListenerPolicy policy)
    {
        (_vantage, _options, _audit, _policy) = (vantage, options, audit, policy);
        DashboardMetrics.Observe(meters, "dashboard.listeners.open", "{listener}", "Listeners open now",
            () => _vantage.Listeners().Count(l => !l.IsStopped));
    }

    public int DefaultTtlSeconds => _options.Value.DefaultTtlSeconds;

    public int MaxTtlSeconds => _options.Value.MaxTtlSeconds;

    public int DefaultBacklog => _options.Value.DefaultBacklog;

    public int MaxBacklog => _options.Value.MaxBacklog;

    /// <summary>Why a UDP listener's fixed reply of <paramref name="bytes"/> cannot be one datagram, or null.</summary>
    public static string? UdpReplySizeProblem(int bytes) => Sockets.Udp.UdpSender.PayloadSizeProblem(bytes, System.Net.Sockets.AddressFamily.InterNetwork);

    public string? TtlProblem(int? ttlSeconds) => Bounds.Problem("ttlSeconds", ttlSeconds, MaxTtlSeconds);

    public string? BacklogProblem(int? backlog) => Bounds.Problem("backlog", backlog, MaxBacklog);

    /// <exception cref="RequestRefusedException">Invalid, not allowed, a cap reached, or the port in use.</exception>
    public ListenerInfo Open(Actor actor, ListenerRequest? request) =>
        _audit.Track(actor, AuditActions.ListenerOpen, AuditText.Listener(request), () =>
        {
            if (request is null)
            {
                throw new InvalidRequestException("request is required: { protocol, bindAddress?, port, backlog?, ttlSeconds?, reply? }");
            }

            actor.Require(Role.Operator, "opening a listener");
            if (_policy.Problem(request) is { } problem)
            {
                throw RequestRefusedException.Forbidden(problem);
            }

            return _vantage.OpenListener(request, actor.Name).Info();
        }, AuditText.Opened, info => info.Id);

    /// <summary>Open and recently stopped listeners, newest first: everyone's, with their owners.</summary>
    public IReadOnlyList<ListenerInfo> List(Actor actor)
    {
        actor.Require(Role.Viewer, "listing listeners");
        return [.. _vantage.Listeners().Select(l => l.Info())];
    }

    /// <exception cref="RequestRefusedException">Not found.</exception>
    public ListenerInfo Get(Actor actor, string? listenerId)
    {
        actor.Require(Role.Viewer, "reading a listener");
        return _vantage.Listener(listenerId).Info();
    }

    /// <summary>The kept history, then every event live, until the listener stops.</summary>
    /// <exception cref="RequestRefusedException">Not found.</exception>
    public IAsyncEnumerable<ListenerEvent> WatchAsync(Actor actor, string? listenerId, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "watching a listener");
        return _vantage.Listener(listenerId).WatchAsync(cancellationToken);
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

        return _vantage.Listener(listenerId).EventsAfter(after, MaxEventsPerRead);
    }

    /// <summary>Stops a listener; its watchers get a last <c>stopped</c> event.</summary>
    /// <exception cref="RequestRefusedException">Not found, or not the actor's to close.</exception>
    public Task<ListenerInfo> CloseAsync(Actor actor, string? listenerId) =>
        _audit.TrackAsync(actor, AuditActions.ListenerClose, listenerId, async () =>
        {
            var listener = _vantage.Listener(listenerId);
            actor.RequireOwnerOrAdmin(listener.Owner, $"closing listener {listener.Id}");
            await listener.StopAsync($"closed by {actor.Name} through the {actor.Door.ToString().ToLowerInvariant()}");
            return listener.Info();
        }, info => AuditText.Stopped(info, info.StoppedReason));
}
