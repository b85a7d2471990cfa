using Dashboard.Contracts.Listeners;

namespace Dashboard.Web.Features.Listeners;

/// <summary>
/// A listener's traffic per second over the last <see cref="Seconds"/> seconds: connections accepted
/// (TCP) or datagrams (UDP), and bytes received. Fed by the events the page watches; a fixed ring of
/// one-second slots, so it costs the same however busy the listener is.
/// </summary>
public sealed class ListenerTraffic
{
    /// <summary>Seconds the chart spans.</summary>
    public const int Seconds = 60;

    private readonly Lock _lock = new();
    private readonly long[] _arrivals = new long[Seconds];
    private readonly long[] _bytes = new long[Seconds];
    private long _newestSecond = long.MinValue;

    /// <summary>Counts one event into its second; events older than the window are left out.</summary>
    public void Add(ListenerEvent e)
    {
        var arrival = e.Kind is ListenerEventKind.Accepted or ListenerEventKind.Datagram;
        var bytes = e.Kind is ListenerEventKind.Data or ListenerEventKind.Datagram ? e.Bytes : 0;
        if (!arrival && bytes == 0)
        {
            return;
        }

        var second = e.At.ToUnixTimeSeconds();
        lock (_lock)
        {
            Advance(second);
            if (second <= _newestSecond - Seconds)
            {
                return;
            }

            var slot = (int)(second % Seconds);
            _arrivals[slot] += arrival ? 1 : 0;
            _bytes[slot] += bytes;
        }
    }

    /// <summary>
    /// The window ending at <paramref name="now"/>, oldest second first: arrivals and bytes per second.
    /// </summary>
    public (long[] Arrivals, long[] Bytes) Window(DateTimeOffset now)
    {
        lock (_lock)
        {
            var end = now.ToUnixTimeSeconds();
            Advance(end);
            var arrivals = new long[Seconds];
            var bytes = new long[Seconds];
            for (var i = 0; i < Seconds; i++)
            {
                var second = end - Seconds + 1 + i;
                if (second > _newestSecond - Seconds && second <= _newestSecond)
                {
                    arrivals[i] = _arrivals[second % Seconds];
                    bytes[i] = _bytes[second % Seconds];
                }
            }

            return (arrivals, bytes);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            Array.Clear(_arrivals);
            Array.Clear(_bytes);
            _newestSecond = long.MinValue;
        }
    }

    // Moves the window's end forward to second, emptying the slots it passes.
    private void Advance(long second)
    {
        if (second <= _newestSecond)
        {
            return;
        }

        var from = _newestSecond == long.MinValue ? second - Seconds + 1 : Math.Max(_newestSecond + 1, second - Seconds + 1);
        for (var s = from; s <= second; s++)
        {
            _arrivals[s % Seconds] = 0;
            _bytes[s % Seconds] = 0;
        }

        _newestSecond = second;
    }
}
