using System.Net;
using Dashboard.Sockets.Targets;

namespace Dashboard.Sockets.Scanning;

/// <summary>A validated, resolved scan: every target × every port, in that order.</summary>
/// <param name="Targets">The targets, each with its address.</param>
/// <param name="Ports">The ports, in order, once each.</param>
/// <param name="TimeoutMs">Per-connect timeout.</param>
/// <param name="Concurrency">Connects in flight at once.</param>
public sealed record ScanPlan(IReadOnlyList<ResolvedTarget> Targets, IReadOnlyList<int> Ports, int TimeoutMs, int Concurrency)
{
    /// <summary>How many probes the scan makes.</summary>
    public long Total => (long)Targets.Count * Ports.Count;

    /// <summary>The target and port of probe number <paramref name="index"/> (target-major order).</summary>
    public (ResolvedTarget Target, int Port) this[long index] =>
        (Targets[(int)(index / Ports.Count)], Ports[(int)(index % Ports.Count)]);
}

/// <summary>A scan target and the address it is scanned at.</summary>
/// <param name="Label">As the user wrote it (a name or an address).</param>
/// <param name="Address">The address connects go to.</param>
public sealed record ResolvedTarget(string Label, IPAddress Address)
{
    /// <summary>The address as text, made once for every result of this target.</summary>
    public string AddressText { get; } = Address.ToString();
}
