using System.Net;
using Dashboard.Sockets.Scanning.Timing;

namespace Dashboard.Sockets.Scanning;

/// <summary>A validated, resolved scan: every target × every port, in that order.</summary>
/// <param name="Targets">The targets, each with its address.</param>
/// <param name="Ports">The ports, in order, once each.</param>
/// <param name="TimeoutMs">The longest one connect waits for an answer.</param>
/// <param name="Concurrency">Connects in flight at once (at most; the socket budget may allow fewer).</param>
/// <param name="Timing">Adaptive timeouts and retries; null: one connect per port with <paramref name="TimeoutMs"/>, no retries.</param>
/// <param name="DiscoverHosts">Find out first which targets are up, and scan only those.</param>
public sealed record ScanPlan(
    IReadOnlyList<ResolvedTarget> Targets,
    IReadOnlyList<int> Ports,
    int TimeoutMs,
    int Concurrency,
    ScanTiming? Timing = null,
    bool DiscoverHosts = false)
{
    /// <summary>
    /// The ports host discovery may connect to besides the scan's own (which the policy already allowed): set by the
    /// dashboard to the configured discovery ports its policy allows for every target; null for the configured ones
    /// (<see cref="ScanOptions.DiscoveryPorts"/>). Discovery never connects to a port outside this list and the scan's.
    /// </summary>
    public IReadOnlyList<int>? DiscoveryPorts { get; init; }

    /// <summary>How many probes the scan makes.</summary>
    public long Total => (long)Targets.Count * Ports.Count;

    /// <summary>The timing the scanners use: <see cref="Timing"/>, or a fixed timeout without retries.</summary>
    public ScanTiming EffectiveTiming => Timing ?? ScanTiming.Fixed(TimeoutMs);

    private int[]? _probeOrder;

    /// <summary>
    /// The ports in the order they are probed: the first one first, then those of the plan among the
    /// ports most often open (<see cref="OftenOpen"/>), then the rest interleaved with a stride of
    /// about 0.38·n (coprime with n), so that a block of ports that all drop (a firewalled range) is mixed
    /// with ports that answer, whose answers measure the host's round trip and give its timing pings a port.
    /// nmap shuffles its ports for the same reason, and moves the often open ones to the front too.
    /// </summary>
    public IReadOnlyList<int> ProbeOrder => _probeOrder ??= Interleave(Ports);

    /// <summary>The port of probe number <paramref name="index"/>.</summary>
    public int PortAt(long index) => (_probeOrder ??= Interleave(Ports))[(int)(index % Ports.Count)];

    /// <summary>The target and port of probe number <paramref name="index"/> (target-major order).</summary>
    public (ResolvedTarget Target, int Port) this[long index] => (Targets[(int)(index / Ports.Count)], PortAt(index));

    private static int[] Interleave(IReadOnlyList<int> ports)
    {
        var n = ports.Count;
        var stride = Math.Max(1, (int)Math.Round(n * 0.381966));
        while (System.Numerics.BigInteger.GreatestCommonDivisor(stride, n) != 1)
        {
            stride++;
        }

        var present = n > 1 ? OftenOpen.Where(p => p != ports[0] && ports.Contains(p)).ToHashSet() : [];
        var order = new int[n];
        var next = 0;
        if (n > 0)
        {
            order[next++] = ports[0];
        }

        foreach (var port in OftenOpen.Where(present.Contains))
        {
            order[next++] = port;
        }

        for (var k = 1; k < n; k++)
        {
            var port = ports[(int)((long)k * stride % n)];
            if (!present.Contains(port))
            {
                order[next++] = port;
            }
        }

        return order;
    }

    /// <summary>The 20 TCP ports most often open, most frequent first (the frequency column of nmap's <c>nmap-services</c>).</summary>
    public static IReadOnlyList<int> OftenOpen { get; } =
        [80, 23, 443, 21, 22, 25, 3389, 110, 445, 139, 143, 53, 135, 3306, 8080, 1723, 111, 995, 993, 5900];

    /// <summary>The same scan restricted to <paramref name="targets"/> (the hosts found up), without discovery.</summary>
    public ScanPlan WithTargets(IReadOnlyList<ResolvedTarget> targets) => this with { Targets = targets, DiscoverHosts = false };

    /// <summary>The same plan with other ports; the probe order is made anew for them.</summary>
    public ScanPlan WithPorts(IReadOnlyList<int> ports) => this with { Ports = ports, _probeOrder = null };
}

/// <summary>A scan target and the address it is scanned at.</summary>
/// <param name="Label">As the user wrote it (a name or an address).</param>
/// <param name="Address">The address connects go to.</param>
public sealed record ResolvedTarget(string Label, IPAddress Address)
{
    /// <summary>The address as text, made once for every result of this target (the label itself where it is that text: a sweep's addresses).</summary>
    public string AddressText { get; } = TextOf(Address, Label);

    private static string TextOf(IPAddress address, string label)
    {
        Span<char> text = stackalloc char[64];
        return address.TryFormat(text, out var written) && text[..written].SequenceEqual(label) ? label : address.ToString();
    }

    /// <summary>A round trip already measured to this host (by discovery): the scan's timeouts start from it.</summary>
    public double? KnownRttMs { get; init; }
}
