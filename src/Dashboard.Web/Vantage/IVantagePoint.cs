using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Web.Vantage;

/// <summary>
/// Where sockets are opened: this server's engine today; a remote agent behind the same seam later.
/// The feature services hold the rules and call this only with requests they have accepted.
/// </summary>
public interface IVantagePoint
{
    /// <summary>How results name this vantage point.</summary>
    string Name { get; }

    /// <summary>
    /// Resolves a host as this vantage point sees it (its resolver, its hosts file): a literal as it is.
    /// The services check the policy on these addresses and then pass one of them back as a literal,
    /// so nothing is looked up twice (a rebinding name cannot answer differently the second time).
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException">The name did not resolve.</exception>
    Task<System.Net.IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);

    /// <summary>Probes <paramref name="request"/>; the services give only a literal address the policy allowed.</summary>
    Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken);

    /// <summary>Checks the request against the engine's bounds and resolves every name.</summary>
    Task<ScanPlan> PlanScanAsync(Contracts.Scan.ScanRequest request, CancellationToken cancellationToken);

    /// <summary>A planned scan's host results (the services remove the addresses the policy denies first) (discovery) and port results as they come; cancelling stops every pending connect.</summary>
    IAsyncEnumerable<ScanEvent> ScanAsync(ScanPlan plan, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="request"/>; the services give only a literal address the policy allowed.</summary>
    Task<UdpSendResult> SendUdpAsync(UdpSendRequest request, CancellationToken cancellationToken);

    /// <summary>Binds a listener owned by <paramref name="owner"/>, within the vantage point's caps.</summary>
    RunningListener OpenListener(ListenerRequest request, string owner);

    /// <summary>The listeners open here and those recently stopped, newest first.</summary>
    IReadOnlyList<RunningListener> Listeners();

    /// <exception cref="RequestRefusedException">Not found.</exception>
    RunningListener Listener(string? listenerId);
}
