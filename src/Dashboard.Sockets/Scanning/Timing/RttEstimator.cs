namespace Dashboard.Sockets.Scanning.Timing;

/// <summary>
/// Round-trip estimate and retransmission timeout of one host, as RFC 6298 computes TCP's:
/// SRTT and RTTVAR smoothed with α = 1/8 and β = 1/4, timeout = SRTT + 4·RTTVAR, bounded. Each
/// retry of a scan is a fresh connect with its own start time, so every answer is an unambiguous
/// sample (Karn's problem does not arise). Not thread-safe: <see cref="HostTiming"/> guards it.
/// </summary>
public sealed class RttEstimator(double initialTimeoutMs, double minTimeoutMs, double maxTimeoutMs)
{
    private const double Alpha = 1.0 / 8;
    private const double Beta = 1.0 / 4;

    /// <summary>The smoothed round trip (SRTT), null before the first sample.</summary>
    public double? SmoothedMs { get; private set; }

    /// <summary>The round-trip variation (RTTVAR), null before the first sample.</summary>
    public double? VariationMs { get; private set; }

    public int Samples { get; private set; }

    /// <summary>How long to wait for an answer: the initial timeout until a sample is in, then SRTT + 4·RTTVAR within the bounds.</summary>
    public double TimeoutMs => SmoothedMs is { } srtt
        ? Math.Clamp(srtt + (4 * VariationMs!.Value), minTimeoutMs, maxTimeoutMs)
        : Math.Clamp(initialTimeoutMs, minTimeoutMs, maxTimeoutMs);

    public void Add(double sampleMs)
    {
        if (sampleMs < 0 || double.IsNaN(sampleMs))
        {
            return;
        }

        if (SmoothedMs is not { } srtt)
        {
            SmoothedMs = sampleMs;
            VariationMs = sampleMs / 2;
        }
        else
        {
            VariationMs = ((1 - Beta) * VariationMs!.Value) + (Beta * Math.Abs(srtt - sampleMs));
            SmoothedMs = ((1 - Alpha) * srtt) + (Alpha * sampleMs);
        }

        Samples++;
    }
}
