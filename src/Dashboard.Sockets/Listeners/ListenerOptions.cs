using System.ComponentModel.DataAnnotations;

namespace Dashboard.Sockets.Listeners;

/// <summary>Bounds of the listeners users open. Configuration section <c>Sockets:Listeners</c>.</summary>
public sealed class ListenerOptions
{
    public const string Section = "Sockets:Listeners";

    /// <summary>Listeners open at once on this host. Defaults to 32.</summary>
    [Range(1, 10_000)]
    public int MaxListeners { get; set; } = 32;

    /// <summary>Listeners one owner may have open at once. Defaults to 8.</summary>
    [Range(1, 10_000)]
    public int MaxPerOwner { get; set; } = 8;

    /// <summary>A listener's life when a request does not say. Defaults to 600 s.</summary>
    [Range(1, 7 * 24 * 3600)]
    public int DefaultTtlSeconds { get; set; } = 600;

    /// <summary>The longest life a request may ask for. Defaults to 3,600 s.</summary>
    [Range(1, 7 * 24 * 3600)]
    public int MaxTtlSeconds { get; set; } = 3_600;

    /// <summary>TCP <c>listen()</c> backlog when a request does not say. Defaults to 512.</summary>
    [Range(1, 65_535)]
    public int DefaultBacklog { get; set; } = 512;

    /// <summary>
    /// The largest backlog a request may ask for. Defaults to 65,535; the kernel clamps it to
    /// <c>net.core.somaxconn</c> (4,096 by default), which an operator raises for listeners that take bursts.
    /// </summary>
    [Range(1, 65_535)]
    public int MaxBacklog { get; set; } = 65_535;

    /// <summary>TCP connections one listener keeps open at once; further ones are closed and an error event says so. Defaults to 1,024.</summary>
    [Range(1, 100_000)]
    public int MaxConnectionsPerListener { get; set; } = 1_024;

    /// <summary>Bytes of each data or datagram event kept as its payload. Defaults to 4,096.</summary>
    [Range(0, 65_536)]
    public int PreviewBytes { get; set; } = 4_096;

    /// <summary>Events kept per listener for late watchers (a ring: older ones are dropped and counted). Defaults to 2,000.</summary>
    [Range(1, 1_000_000)]
    public int HistoryEvents { get; set; } = 2_000;

    /// <summary>Events buffered per watcher; a watcher that falls further behind is told how many it missed. Defaults to 4,096.</summary>
    [Range(1, 1_000_000)]
    public int WatcherBuffer { get; set; } = 4_096;

    /// <summary>UDP receive buffer asked of the kernel (it may give less). Defaults to 8 MiB.</summary>
    [Range(4_096, 256 * 1024 * 1024)]
    public int UdpReceiveBufferBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>How long a stopped listener stays in the list. Defaults to 10 minutes.</summary>
    [Range(0, 24 * 60)]
    public int RetainStoppedMinutes { get; set; } = 10;
}
