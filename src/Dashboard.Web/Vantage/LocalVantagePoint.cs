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
public sealed class LocalVantagePoint(TcpProber prober, ScanPlanner planner, NetworkScanner scanner, UdpSender udp, ListenerManager listeners)
    : IVantagePoint
{
    public string Name => "this server";

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

    public RunningListener OpenListener(ListenerRequest request, string owner) => listeners.Create(request, owner);

    public IReadOnlyList<RunningListener> Listeners() => listeners.List();

    public RunningListener Listener(string? listenerId) => listeners.Get(listenerId);
}
