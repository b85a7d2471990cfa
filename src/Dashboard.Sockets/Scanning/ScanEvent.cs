using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;

namespace Dashboard.Sockets.Scanning;

/// <summary>One thing a scan reports: a host decided (up or down) or a port probed. Exactly one is set.</summary>
public readonly record struct ScanEvent(HostResult? Host, ProbeResult? Port)
{
    public static implicit operator ScanEvent(HostResult host) => new(host, null);

    public static implicit operator ScanEvent(ProbeResult port) => new(null, port);
}
