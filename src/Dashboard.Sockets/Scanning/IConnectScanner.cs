using Dashboard.Contracts.Probe;

namespace Dashboard.Sockets.Scanning;

/// <summary>Connects to every target × port of a plan and reports each outcome as a <see cref="ProbeResult"/>.</summary>
public interface IConnectScanner
{
    /// <summary>
    /// The results, in completion order, as they come. Cancelling the token or disposing the
    /// enumerator stops every pending connect and closes every socket before it returns.
    /// </summary>
    IAsyncEnumerable<ProbeResult> ScanAsync(ScanPlan plan, CancellationToken cancellationToken);
}
