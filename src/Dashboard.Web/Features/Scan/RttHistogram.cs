using System.Globalization;
using Dashboard.Contracts.Probe;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// Round-trip times of a scan's answers (open and closed ports; a filtered port has none) counted in
/// buckets that grow by about 3× (0.1, 0.3, 1, 3 … ms): loopback answers in microseconds, a WAN in
/// hundreds of milliseconds, and both show. Reads the log incrementally, like <see cref="ScanResultView"/>.
/// </summary>
public sealed class RttHistogram(ScanResultStore log)
{
    /// <summary>Upper bounds of the buckets in ms; the last bucket is everything above the last bound.</summary>
    public static readonly double[] Bounds = [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1_000, 3_000];

    /// <summary>Times kept for the quantiles: a uniform sample of at most this many (a 65,535-port sweep of 4,096 hosts must not keep them all).</summary>
    public const int MaxSamples = 20_000;

    private readonly Random _random = new(13);
    private readonly long[] _counts = new long[Bounds.Length + 1];
    private readonly List<double> _samples = [];
    private long _read;

    /// <summary>Answers with a round-trip time, so far.</summary>
    public long Measured { get; private set; }

    /// <summary>The longest round trip so far, in ms.</summary>
    public double Max { get; private set; }

    public IReadOnlyList<long> Counts => _counts;

    /// <summary>"&lt;0.1", "0.1-0.3", … "&gt;3000": the buckets' names, in ms.</summary>
    public static IReadOnlyList<string> Labels { get; } =
    [
        $"<{Bounds[0].ToString(CultureInfo.InvariantCulture)}",
        .. Bounds.Skip(1).Select((b, i) => $"{Bounds[i].ToString(CultureInfo.InvariantCulture)}-{b.ToString(CultureInfo.InvariantCulture)}"),
        $">{Bounds[^1].ToString(CultureInfo.InvariantCulture)}",
    ];

    /// <summary>Takes in what arrived since the last call; true when anything did.</summary>
    public bool Refresh()
    {
        var available = log.Count;
        if (available == _read)
        {
            return false;
        }

        for (; _read < available; _read++)
        {
            if (log[_read].RttMs is { } rtt && log.StateAt(_read) is ProbeState.Open or ProbeState.Closed)
            {
                Add(rtt);
            }
        }

        return true;
    }

    /// <summary>The <paramref name="fraction"/> quantile (0.5: the median) of the times measured, in ms; null before any.</summary>
    public double? Quantile(double fraction)
    {
        if (_samples.Count == 0)
        {
            return null;
        }

        _samples.Sort();
        return _samples[(int)Math.Clamp(Math.Ceiling(fraction * _samples.Count) - 1, 0, _samples.Count - 1)];
    }

    private void Add(double rtt)
    {
        var bucket = Array.FindIndex(Bounds, b => rtt < b);
        _counts[bucket < 0 ? Bounds.Length : bucket]++;
        Measured++;
        Max = Math.Max(Max, rtt);
        // Reservoir sampling: every time measured has the same chance to be among those kept.
        if (_samples.Count < MaxSamples)
        {
            _samples.Add(rtt);
        }
        else if (_random.NextInt64(Measured) is var slot && slot < MaxSamples)
        {
            _samples[(int)slot] = rtt;
        }
    }
}
