using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Udp;

namespace Dashboard.Web.Vantage;

/// <summary>This server: the socket engine in this process.</summary>
public sealed class LocalVantagePoint(TcpProber prober, TcpSender sender, ScanPlanner planner, NetworkScanner scanner, UdpSender udp,
    ListenerManager listeners, Sockets.Tls.TlsChecker tls, Sockets.UnixSockets.UnixSocketClient unix, Sockets.Identify.ServiceIdentifier identifier,
    Sockets.Tracing.Tracer tracer) : IVantagePoint
{
    /// <summary>How results name this server.</summary>
    public const string ServerName = "this server";

    public string Id => "";

    public string Name => ServerName;

    public IReadOnlyList<string> Addresses => [];

    public Task<System.Net.IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Sockets.Targets.HostResolver.ResolveAsync(host, cancellationToken);

    public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        prober.ProbeAsync(request, cancellationToken);

    public Task<ScanPlan> PlanScanAsync(ScanRequest request, CancellationToken cancellationToken) =>
        planner.PlanAsync(request, cancellationToken);

    public IAsyncEnumerable<ScanEvent> ScanAsync(ScanPlan plan, CancellationToken cancellationToken) =>
        scanner.ScanAsync(plan, cancellationToken);

    public Task<UdpSendResult> SendUdpAsync(UdpSendRequest request, CancellationToken cancellationToken) =>
        udp.SendAsync(request, cancellationToken);

    public Task<Contracts.Tls.TlsCheckResult> CheckTlsAsync(Contracts.Tls.TlsCheckRequest request, CancellationToken cancellationToken) =>
        tls.CheckAsync(request, cancellationToken);

    public Task<Contracts.Identify.IdentifyResult> IdentifyAsync(Contracts.Identify.IdentifyRequest request, CancellationToken cancellationToken) =>
        identifier.IdentifyAsync(request, cancellationToken);

    public Task<Contracts.Trace.TraceResult> TraceAsync(Contracts.Trace.TraceRequest request,
        Func<Contracts.Trace.TraceHop, CancellationToken, ValueTask>? onHop, CancellationToken cancellationToken) =>
        tracer.TraceAsync(request, System.Net.IPAddress.Parse(request.Host), onHop, cancellationToken);

    public Task<TcpSendResult> SendTcpAsync(TcpSendRequest request, CancellationToken cancellationToken) =>
        sender.SendAsync(request, cancellationToken);

    public async Task<Contracts.Unix.UnixSocketAnswer> UseUnixSocketAsync(Contracts.Unix.UnixSocketOrder order, CancellationToken cancellationToken)
    {
        Sockets.UnixSockets.UnixPathAllowance[] allowed = [new(Features.UnixSockets.UnixSocketPolicyOptions.Setting, order.AllowedDirectories)];
        return order.Probe is { } probe
            ? new(await unix.ProbeAsync(probe, allowed, ServerName, cancellationToken), null)
            : new(null, await unix.SendAsync(order.Send!, allowed, ServerName, cancellationToken));
    }

    public Task<IVantageListener> OpenListenerAsync(ListenerRequest request, string owner, IReadOnlyList<string> allowedUnixDirectories,
        CancellationToken cancellationToken) =>
        Task.FromResult<IVantageListener>(new LocalListener(listeners.Create(request, owner,
            [new(Features.UnixSockets.UnixSocketPolicyOptions.Setting, allowedUnixDirectories)], ServerName), this));

    public IReadOnlyList<IVantageListener> Listeners() => [.. listeners.List().Select(l => new LocalListener(l, this))];

    /// <summary>An engine listener seen through the seam.</summary>
    private sealed class LocalListener(RunningListener listener, LocalVantagePoint vantage) : IVantageListener
    {
        public string Id => listener.Id;

        public string Owner => listener.Owner;

        public bool IsStopped => listener.IsStopped;

        public DateTimeOffset CreatedAt => listener.CreatedAt;

        public IVantagePoint Vantage => vantage;

        public int Watching => listener.Watching;

        public ListenerInfo Info() => listener.Info() with { From = ServerName };

        public IAsyncEnumerable<ListenerEvent> WatchAsync(CancellationToken cancellationToken) => listener.WatchAsync(cancellationToken);

        public IReadOnlyList<ListenerEvent> EventsAfter(long after, int max) => listener.EventsAfter(after, max);

        public Task StopAsync(string reason, CancellationToken cancellationToken) => listener.StopAsync(reason);

        public Task<ListenerEvent> SendAsync(ListenerSendRequest request, string sender, CancellationToken cancellationToken) =>
            listener.SendAsync(request, sender, cancellationToken);
    }
}
