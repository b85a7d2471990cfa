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

    Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken);

    /// <summary>Checks the request against the engine's bounds and resolves every name.</summary>
    Task<ScanPlan> PlanScanAsync(Contracts.Scan.ScanRequest request, CancellationToken cancellationToken);

    /// <summary>A planned scan's host results (discovery) and port results as they come; cancelling stops every pending connect.</summary>
    IAsyncEnumerable<ScanEvent> ScanAsync(ScanPlan plan, CancellationToken cancellationToken);

    Task<UdpSendResult> SendUdpAsync(UdpSendRequest request, CancellationToken cancellationToken);

    /// <summary>Binds a listener owned by <paramref name="owner"/>, within the vantage point's caps.</summary>
    RunningListener OpenListener(ListenerRequest request, string owner);

    /// <summary>The listeners open here and those recently stopped, newest first.</summary>
    IReadOnlyList<RunningListener> Listeners();

    /// <exception cref="RequestRefusedException">Not found.</exception>
    RunningListener Listener(string? listenerId);
}
