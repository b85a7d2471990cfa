using System.ComponentModel.DataAnnotations;

namespace Dashboard.Sockets.Scanning;

/// <summary>Bounds of a port scan. Configuration section <c>Sockets:Scan</c>.</summary>
public sealed class ScanOptions
{
    public const string Section = "Sockets:Scan";

    /// <summary>
    /// The longest a connect waits when a request names none. Defaults to 1,000 ms, enough for a LAN or a
    /// continent. It is also the wait before a host's first round trip is known; after that each host's
    /// timeout follows its measured round trips (RFC 6298), between <see cref="MinTimeoutMs"/> and this.
    /// </summary>
    [Range(1, 600_000)]
    public int DefaultTimeoutMs { get; set; } = 1_000;

    /// <summary>The longest per-connect timeout a request may ask for. Defaults to 10,000 ms.</summary>
    [Range(1, 600_000)]
    public int MaxTimeoutMs { get; set; } = 10_000;

    /// <summary>
    /// The shortest a connect waits, however fast its host answers. Defaults to 100 ms (nmap's minimum
    /// round-trip timeout): below that, a busy scanner or a host's scheduler would pass for packet loss.
    /// </summary>
    [Range(1, 600_000)]
    public int MinTimeoutMs { get; set; } = 100;

    /// <summary>
    /// Connects per port at most before it is called filtered. Defaults to 6. A port always gets two
    /// (a first and a retry); more only once other ports of the same host needed them to answer, as nmap does.
    /// </summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Connects in flight toward one host before any answer came back (its first congestion window). Defaults to 32.</summary>
    [Range(2, 65_536)]
    public int InitialHostWindow { get; set; } = 32;

    /// <summary>
    /// How long host discovery waits for any answer from one host, from its first connect, before calling it down. Defaults to
    /// 3,500 ms: the kernel's neighbour resolution fails an absent host of the local subnet after about 3 s.
    /// ARP (when the process may use raw sockets) decides much sooner.
    /// </summary>
    [Range(1, 60_000)]
    public int DiscoveryTimeoutMs { get; set; } = 3_500;

    /// <summary>
    /// Hosts host discovery asks by connect at once, each for up to <see cref="DiscoveryTimeoutMs"/>. Defaults to 2,048; fewer where
    /// the kernel's neighbour table has less room: at most its free entries (<c>gc_thresh3</c>, 1,024 by default, less the entries
    /// present at the scan's start) less a margin of an eighth of the table (at least 64), so about 880 hosts on an idle default
    /// machine, because an absent host of a local subnet holds an entry for the ~3 s its resolution takes and a full table drops the
    /// live hosts' resolutions too.
    /// ARP, where it can be used, is not bound by this: it asks a whole local subnet at once without the kernel's table.
    /// </summary>
    [Range(1, 65_536)]
    public int DiscoveryHostsAtOnce { get; set; } = 2_048;

    /// <summary>TCP ports host discovery connects to (besides the first ports of the scan itself). Defaults to 80, 443 and 22.</summary>
    public int[] DiscoveryPorts { get; set; } = [80, 443, 22];

    /// <summary>
    /// Use raw sockets for discovery (ICMP echo without ping sockets, ARP on the local subnet) when
    /// the process has CAP_NET_RAW. Defaults to true; unprivileged methods are used either way.
    /// </summary>
    public bool UseRawSockets { get; set; } = true;

    /// <summary>
    /// Ask the local subnet with ARP (needs <see cref="UseRawSockets"/> and CAP_NET_RAW): a host that does not
    /// answer is down at once, without waiting for the kernel's neighbour resolution. Defaults to true.
    /// </summary>
    public bool UseArp { get; set; } = true;

    /// <summary>Connects in flight when a request names none. Defaults to 1,024.</summary>
    [Range(1, 65_536)]
    public int DefaultConcurrency { get; set; } = 1_024;

    /// <summary>
    /// The most connects one scan may ask to have in flight; each holds a file descriptor. Defaults to
    /// 4,096. The socket budget (the open-file limit less headroom, shared fairly between scans) may
    /// allow fewer: the scan then runs with what is free rather than failing.
    /// </summary>
    [Range(1, 65_536)]
    public int MaxConcurrency { get; set; } = 4_096;

    /// <summary>
    /// The most addresses one scan may cover. Defaults to 65,536 (a /16). An address costs the engine about 0.5 KiB while its
    /// scan runs (its target and its verdict), so a /16 holds about 32 MiB; the dashboard keeps each host's result row as well.
    /// </summary>
    [Range(1, 16_777_216)]
    public int MaxAddresses { get; set; } = 65_536;

    /// <summary>The most probes (addresses × ports) one scan may make. Defaults to 1,048,576 (16 hosts × all ports).</summary>
    [Range(1, 268_435_456)]
    public int MaxProbes { get; set; } = 1_048_576;
}
