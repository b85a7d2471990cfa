using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>
/// What a steady window of watch runs came to: start lag (p50, p99, max), runs skipped (due in the window on each watch's
/// own grid but not stored), runs stored twice, from the stored rows.
/// </summary>
internal sealed record WatchWindow(int Due, int Stored, int Duplicates, double LagP50, double LagP99, double LagMax, double WithinOneSecond)
{
    public int Skipped => Due - (Stored - Duplicates);

    /// <summary>
    /// Runs due in [<paramref name="fromMs"/>, <paramref name="toMs"/>): each watch's grid is its first stored due time plus
    /// whole intervals (Quartz's simple trigger), so a missing slot is a skipped run and a repeated one a duplicate.
    /// </summary>
    public static WatchWindow Of(IEnumerable<StoredRun> runs, int intervalSeconds, long fromMs, long toMs)
    {
        var intervalMs = intervalSeconds * 1000L;
        int due = 0, stored = 0, duplicates = 0;
        var lags = new List<double>();
        foreach (var watch in runs.GroupBy(r => r.WatchId))
        {
            var first = watch.Min(r => r.DueMs);
            var firstSlot = (long)Math.Ceiling((fromMs - first) / (double)intervalMs);
            var lastSlot = (long)Math.Ceiling((toMs - first) / (double)intervalMs) - 1;
            due += (int)Math.Max(0, lastSlot - Math.Max(0, firstSlot) + 1);
            var inWindow = watch.Select(r => (Slot: (long)Math.Round((r.DueMs - first) / (double)intervalMs), r.LagMs))
                .Where(r => r.Slot >= firstSlot && r.Slot <= lastSlot).ToList();
            stored += inWindow.Count;
            duplicates += inWindow.Count - inWindow.Select(r => r.Slot).Distinct().Count();
            lags.AddRange(inWindow.Select(r => r.LagMs));
        }

        lags.Sort();
        double At(double q) => lags.Count == 0 ? double.NaN : lags[Math.Min(lags.Count - 1, (int)Math.Floor(q * lags.Count))];
        return new WatchWindow(due, stored, duplicates, At(0.5), At(0.99), lags.Count == 0 ? double.NaN : lags[^1],
            lags.Count == 0 ? double.NaN : lags.Count(l => l <= 1_000) / (double)lags.Count);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"due {Due:N0}, stored {Stored - Duplicates:N0}, skipped {Skipped:N0}, stored twice {Duplicates:N0}; start lag p50 {LagP50:F0} ms, p99 {LagP99:F0} ms, max {LagMax:F0} ms, {WithinOneSecond:P2} within 1 s");
}
