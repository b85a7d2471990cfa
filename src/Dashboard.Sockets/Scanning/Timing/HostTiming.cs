using System.Diagnostics;

namespace Dashboard.Sockets.Scanning.Timing;

/// <summary>
/// What a scan knows of one host's network path, shared by every worker scanning it: the round-trip
/// estimate (and so the timeout), the congestion window (connects in flight toward it), and how
/// many attempts a port deserves. Congestion control follows nmap's, itself TCP's: the window
/// grows by one per answer in slow start and by 1/window above the threshold; an answer that
/// needed a retry means an earlier attempt was lost, so the threshold drops to half of what was
/// in flight and the window restarts small, at most once per timeout period (one loss event).
/// </summary>
public sealed class HostTiming
{
    /// <summary>The window never shrinks below this, so a lossy host still makes progress.</summary>
    public const int MinWindow = 2;

    private readonly Lock _gate = new();
    private readonly RttEstimator _rtt;
    private readonly ScanTiming _timing;
    private readonly int _maxWindow;
    private double _window;
    private double _threshold;
    private int _inFlight;
    private int _maxAnsweredAttempt;
    private long _lastDrop;
    private long _timeoutTicks;

    public HostTiming(ScanTiming timing, int maxWindow, double? knownRttMs = null)
    {
        _timing = timing;
        _maxWindow = Math.Max(MinWindow, maxWindow);
        _rtt = new RttEstimator(timing.MaxTimeoutMs, timing.MinTimeoutMs, timing.MaxTimeoutMs);
        if (knownRttMs is { } rtt)
        {
            _rtt.Add(rtt);
        }

        _window = Math.Clamp(timing.InitialWindow, MinWindow, _maxWindow);
        _threshold = _maxWindow;
        _lastDrop = long.MinValue / 2;
        _timeoutTicks = ToTicks(_rtt.TimeoutMs);
    }

    /// <summary>The current timeout, in <see cref="Stopwatch"/> ticks.</summary>
    public long TimeoutTicks => Volatile.Read(ref _timeoutTicks);

    public double TimeoutMs => TimeoutTicks * 1000.0 / Stopwatch.Frequency;

    public int Window
    {
        get
        {
            lock (_gate)
            {
                return (int)_window;
            }
        }
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Loss events seen (answers that needed a retry, counted once per timeout period).</summary>
    public int Drops { get; private set; }

    /// <summary>
    /// Attempts a port gets before it is called filtered: one more than the most any answered port
    /// needed, at least <see cref="ScanTiming.MinAttempts"/> and at most the configured maximum (nmap's rule).
    /// </summary>
    public int AllowedAttempts => Math.Min(_timing.MaxAttempts,
        Math.Max(ScanTiming.MinAttempts, Volatile.Read(ref _maxAnsweredAttempt) + 1));

    /// <summary>Claims room for one more connect toward this host; false while the window is full.</summary>
    public bool TryStart()
    {
        lock (_gate)
        {
            if (_inFlight >= (int)_window)
            {
                return false;
            }

            _inFlight++;
            return true;
        }
    }

    /// <summary>A connect got an answer (completed or refused) after <paramref name="rttTicks"/>, on attempt <paramref name="attempt"/> (1 = first).</summary>
    public void Answered(long rttTicks, int attempt, long now)
    {
        lock (_gate)
        {
            _inFlight--;
            _rtt.Add(rttTicks * 1000.0 / Stopwatch.Frequency);
            Volatile.Write(ref _timeoutTicks, ToTicks(_rtt.TimeoutMs));
            if (attempt > _maxAnsweredAttempt)
            {
                Volatile.Write(ref _maxAnsweredAttempt, attempt);
            }

            if (attempt > 1 && now - _lastDrop > _timeoutTicks)
            {
                _lastDrop = now;
                Drops++;
                _threshold = Math.Max(MinWindow, (_inFlight + 1) / 2.0);
                _window = MinWindow;
                return;
            }

            _window = Math.Min(_maxWindow, _window < _threshold ? _window + 1 : _window + (1 / _window));
        }
    }

    /// <summary>A connect got no answer in time, or was given up; it no longer counts as in flight.</summary>
    public void Abandoned()
    {
        lock (_gate)
        {
            _inFlight--;
        }
    }

    /// <summary>Round-trip state for logs and tests.</summary>
    public (double? SmoothedMs, double? VariationMs, int Samples) Estimate
    {
        get
        {
            lock (_gate)
            {
                return (_rtt.SmoothedMs, _rtt.VariationMs, _rtt.Samples);
            }
        }
    }

    private static long ToTicks(double ms) => (long)(ms * Stopwatch.Frequency / 1000);
}
