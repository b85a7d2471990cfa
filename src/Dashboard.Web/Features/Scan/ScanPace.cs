using System.Globalization;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// A running scan's current rate and what it says of the time left: over the last <see cref="Window"/> (a scan
/// that slows down as it meets a firewall shows that at once), over the whole run until that much has passed.
/// </summary>
public sealed class ScanPace
{
    /// <summary>How far back the current rate looks.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly Queue<(double AtMs, long Done)> _samples = new();

    /// <summary>Ports done per second now; 0 before anything is done.</summary>
    public double Rate { get; private set; }

    /// <summary>Takes the scan's progress at <paramref name="elapsedMs"/> since it started.</summary>
    public void Observe(double elapsedMs, long done)
    {
        _samples.Enqueue((elapsedMs, done));
        while (_samples.Count > 2 && elapsedMs - _samples.Peek().AtMs > Window.TotalMilliseconds)
        {
            _samples.Dequeue();
        }

        var (fromMs, fromDone) = elapsedMs >= Window.TotalMilliseconds ? _samples.Peek() : (0, 0);
        Rate = elapsedMs - fromMs <= 0 ? 0 : (done - fromDone) * 1000.0 / (elapsedMs - fromMs);
    }

    /// <summary>Time left for <paramref name="remaining"/> ports at the current rate, hours and days included; "—" when unknown.</summary>
    public string Eta(long remaining) => Rate < 0.01 ? "—" : Format(TimeSpan.FromSeconds(Math.Min(remaining / Rate, TimeSpan.MaxValue.TotalSeconds / 2)));

    /// <summary>"0:42", "12:05", "1:12:30", "3 d 4:05:00".</summary>
    public static string Format(TimeSpan span)
    {
        var seconds = (long)Math.Ceiling(span.TotalSeconds);
        var (days, hours, minutes, rest) = (seconds / 86_400, seconds / 3_600 % 24, seconds / 60 % 60, seconds % 60);
        return days > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{days} d {hours}:{minutes:00}:{rest:00}")
            : hours > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{hours}:{minutes:00}:{rest:00}")
                : string.Create(CultureInfo.InvariantCulture, $"{minutes}:{rest:00}");
    }
}
