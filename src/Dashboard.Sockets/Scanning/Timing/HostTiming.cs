using System.Diagnostics;

namespace Dashboard.Sockets.Scanning.Timing;

/// <summary>
/// What a scan knows of one host's network path, shared by every worker scanning it: the round-trip
/// estimate (and so the timeout), the congestion window (connects in flight toward it), how many
/// attempts a port deserves, and the port its timing pings go to. Congestion control follows nmap's,
/// itself TCP's: the window grows by one per answer in slow start and by 1/window above the
/// threshold; an answer that needed a retry, or a lost timing ping, means a packet was lost on the
/// way, so the threshold drops to half of what was in flight and the window restarts small, at most
/// once per timeout period (one loss event).
/// <para>
/// Firewalls make most of what a scan meets silent, and silence is no sign of congestion: a port
/// that timed out while the host keeps answering (its other ports, or the timing pings to a port
/// known to answer) is filtered, and grows the window as an answer would. So does a port of a host
/// that never answered at all (nothing to congest). Only when a host that used to answer falls
/// quiet do its timeouts leave the window as it is.
/// </para>
/// </summary>
public sealed class HostTiming
{
    /// <summary>The window never shrinks below this, so a lossy host still makes progress.</summary>
    public const int MinWindow = 2;

    /// <summary>Timing pings go no more often than this, however short the timeout.</summary>
    public const int MinPingIntervalMs = 100;

    /// <summary>Timeouts of quiet after which a host that answered before is no longer trusted to be answering.</summary>
    private const int QuietTimeouts = 4;

    private readonly Lock _gate = new();
    private readonly RttEstimator _rtt;
    private readonly ScanTiming _timing;
    private readonly int _maxWindow;
    private readonly long _minPingInterval = ToTicks(MinPingIntervalMs);
    private double _window;
    private double _threshold;
    private int _inFlight;
    private int _maxAnsweredAttempt;
    private long _lastDrop;
    private long _lastAnswer;
    private long _timeoutTicks;
    private int _pingPort;
    private bool _pingPortRefuses;
    private bool _pingInFlight;
    private long _lastPing;

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
        _lastAnswer = long.MinValue / 2;
        _lastPing = long.MinValue / 2;
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

    /// <summary>Loss events seen (answers that needed a retry, lost timing pings; counted once per timeout period).</summary>
    public int Drops { get; private set; }

    /// <summary>Timing pings sent, answered or not.</summary>
    public int Pings { get; private set; }

    /// <summary>The port timing pings go to (one that answered: refused if any, else open), 0 while none is known.</summary>
    public int PingPort => Volatile.Read(ref _pingPort);

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

    /// <summary>
    /// A connect got an answer after <paramref name="rttTicks"/>, on attempt <paramref name="attempt"/> (1 = first):
    /// it completed or was refused, or a router said the host or network is unreachable. Every one is a round-trip sample.
    /// </summary>
    public void Answered(long rttTicks, int attempt, long now)
    {
        lock (_gate)
        {
            _inFlight--;
            Sample(rttTicks, now);
            if (attempt > _maxAnsweredAttempt)
            {
                Volatile.Write(ref _maxAnsweredAttempt, attempt);
            }

            if (attempt > 1 && Loss(now))
            {
                return;
            }

            Grow();
        }
    }

    /// <summary>
    /// A port of this host answered from the host itself: timing pings may go there. A refusing port is
    /// preferred (a ping to it costs the host nothing but a reset), an open one taken only while none refuses.
    /// </summary>
    public void Responsive(int port, bool refused)
    {
        lock (_gate)
        {
            if (_pingPort == 0 || (refused && !_pingPortRefuses))
            {
                Volatile.Write(ref _pingPort, port);
                _pingPortRefuses = refused;
            }
        }
    }

    /// <summary>A connect got no answer within the timeout (it may be retried): filtering, unless the host has fallen quiet.</summary>
    public void TimedOut(long now)
    {
        lock (_gate)
        {
            _inFlight--;
            var fellQuiet = _pingPort != 0 && now - _lastAnswer > QuietTimeouts * Math.Max(_timeoutTicks, _minPingInterval);
            if (!fellQuiet)
            {
                Grow();
            }
        }
    }

    /// <summary>A connect was given up without an outcome (the scan stopped, or the system ran short); it no longer counts as in flight.</summary>
    public void Abandoned()
    {
        lock (_gate)
        {
            _inFlight--;
        }
    }

    /// <summary>
    /// Claims the next timing ping: true, with the port, when a port is known to answer, no ping is out, and
    /// nothing has answered for a timeout (at least <see cref="MinPingIntervalMs"/>). Pings take no room in the window.
    /// </summary>
    public bool TryStartPing(long now, out int port)
    {
        port = 0;
        // Read without the lock first: the workers ask before every probe, and while answers flow no ping is due.
        if (Volatile.Read(ref _pingPort) == 0 || now - Volatile.Read(ref _lastAnswer) < _minPingInterval)
        {
            return false;
        }

        lock (_gate)
        {
            port = _pingPort;
            var interval = Math.Max(_timeoutTicks, _minPingInterval);
            if (port == 0 || _pingInFlight || now - _lastAnswer < interval || now - _lastPing < interval)
            {
                return false;
            }

            _pingInFlight = true;
            _lastPing = now;
            Pings++;
            return true;
        }
    }

    /// <summary>The timing ping was answered: a round-trip sample, and the host still answers.</summary>
    public void PingAnswered(long rttTicks, long now)
    {
        lock (_gate)
        {
            _pingInFlight = false;
            Sample(rttTicks, now);
            Grow();
        }
    }

    /// <summary>The timing ping got no answer from a port that answers: a packet was lost, a loss event.</summary>
    public void PingLost(long now)
    {
        lock (_gate)
        {
            _pingInFlight = false;
            Loss(now);
        }
    }

    /// <summary>The timing ping could not be sent, or was closed when the scan stopped.</summary>
    public void PingAbandoned()
    {
        lock (_gate)
        {
            _pingInFlight = false;
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

    private void Sample(long rttTicks, long now)
    {
        _rtt.Add(rttTicks * 1000.0 / Stopwatch.Frequency);
        Volatile.Write(ref _timeoutTicks, ToTicks(_rtt.TimeoutMs));
        Volatile.Write(ref _lastAnswer, now);
    }

    private void Grow() =>
        _window = Math.Min(_maxWindow, _window < _threshold ? _window + 1 : _window + (1 / _window));

    /// <summary>Halves the threshold and restarts the window, unless a loss event already did within the last timeout.</summary>
    private bool Loss(long now)
    {
        if (now - _lastDrop <= _timeoutTicks)
        {
            return false;
        }

        _lastDrop = now;
        Drops++;
        _threshold = Math.Max(MinWindow, (_inFlight + 1) / 2.0);
        _window = MinWindow;
        return true;
    }

    private static long ToTicks(double ms) => (long)(ms * Stopwatch.Frequency / 1000);
}
