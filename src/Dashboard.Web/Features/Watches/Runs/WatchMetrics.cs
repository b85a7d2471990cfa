using System.Diagnostics.Metrics;
using Dashboard.Web.Operations;

namespace Dashboard.Web.Features.Watches.Runs;

/// <summary>What watch runs count, exported at <c>/metrics</c> beside the rest (tags: closed sets only).</summary>
public sealed class WatchMetrics
{
    private readonly Counter<long> _runs;
    private readonly Histogram<double> _lag;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _alerts;

    public WatchMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(DashboardMetrics.MeterName);
        _runs = meter.CreateCounter<long>("dashboard.watch.runs", "{run}", "Watch runs at a vantage point, by result (passed or failed)");
        _lag = meter.CreateHistogram<double>("dashboard.watch.lag", "ms", "How late a watch run started after it was due");
        _dropped = meter.CreateCounter<long>("dashboard.watch.runs.dropped", "{run}", "Watch runs not stored: the queue was full or the database refused a batch");
        _alerts = meter.CreateCounter<long>("dashboard.watch.alerts", "{alert}", "Confirmed changes handed to notifications, by kind");
    }

    public void Ran(PendingRun run, double lagMs)
    {
        _lag.Record(lagMs);
        foreach (var outcome in run.Outcomes)
        {
            _runs.Add(1, new KeyValuePair<string, object?>("result", outcome.Passed ? "passed" : "failed"));
        }
    }

    public void RunDropped(int count = 1) => _dropped.Add(count);

    public void Alerted(WatchAlertKind kind) => _alerts.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString().ToLowerInvariant()));
}
