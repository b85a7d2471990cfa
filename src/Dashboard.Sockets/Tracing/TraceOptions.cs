using System.ComponentModel.DataAnnotations;

namespace Dashboard.Sockets.Tracing;

/// <summary>Bounds of a trace to a port. Configuration section <c>Sockets:Trace</c>.</summary>
public sealed class TraceOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Sockets:Trace";

    /// <summary>The hard ceiling of <see cref="MaxHops"/>: no path worth tracing is longer, and each hop costs sockets.</summary>
    public const int HopsCeiling = 64;

    /// <summary>The hard ceiling of tries per hop.</summary>
    public const int TriesCeiling = 5;

    /// <summary>The highest TTL when a request names none. Defaults to 30, as <c>traceroute</c>.</summary>
    [Range(1, HopsCeiling)]
    public int DefaultMaxHops { get; set; } = 30;

    /// <summary>The highest TTL a request may ask for. Defaults to 64 (the ceiling).</summary>
    [Range(1, HopsCeiling)]
    public int MaxHops { get; set; } = HopsCeiling;

    /// <summary>Probes per hop when a request names none. Defaults to 3, as <c>traceroute</c>.</summary>
    [Range(1, TriesCeiling)]
    public int DefaultTries { get; set; } = 3;

    /// <summary>
    /// How long one try waits for an answer when a request names none. Defaults to 2,000 ms: routers answer in
    /// milliseconds, and a silent hop costs this long once per window of probes, not once per probe.
    /// </summary>
    [Range(1, 60_000)]
    public int DefaultTimeoutMs { get; set; } = 2_000;

    /// <summary>The longest per-try timeout a request may ask for. Defaults to 10,000 ms.</summary>
    [Range(1, 60_000)]
    public int MaxTimeoutMs { get; set; } = 10_000;

    /// <summary>
    /// Probes (sockets) in flight at once for one trace. Defaults to 16, as <c>traceroute</c>'s <c>-N 16</c>: several
    /// hops are probed together, so a trace takes about one round trip plus one timeout per silent stretch.
    /// </summary>
    [Range(1, 64)]
    public int ProbesInFlight { get; set; } = 16;

    /// <summary>
    /// Consecutive hops without any answer after which the trace stops and says "dropped after hop N". Defaults to
    /// 3: <c>traceroute</c> goes on to the maximum, printing <c>* * *</c>, and says nothing more for it.
    /// </summary>
    [Range(1, HopsCeiling)]
    public int SilentHopsToStop { get; set; } = 3;

    /// <summary>The longest a whole trace may take; then it stops with what it has. Defaults to 60,000 ms.</summary>
    [Range(1_000, 600_000)]
    public int MaxTotalMs { get; set; } = 60_000;
}
