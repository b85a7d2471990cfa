using System.Diagnostics.Metrics;
using Dashboard.Web.Features.Watches.Storage;
using Dashboard.Web.Operations;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Watches.Runs;

/// <summary>
/// Each watch's state as Prometheus gauges, for Alertmanager: <c>dashboard.watch.up</c> (1 up, 0 down; unknown and
/// paused are left out) and <c>dashboard.watch.rtt</c> (ms, the last run's), tagged with the watch's name, group and
/// vantage point. Read from a snapshot of the stored states, taken again when a scrape finds it older than
/// <see cref="SnapshotSeconds"/>: every instance answers the same, whichever ran the watch. At most
/// <c>Watches:MaxWatches</c> × <c>Watches:MaxVantagePoints</c> series.
/// </summary>
public sealed class WatchGauges(IMeterFactory meters, IServiceScopeFactory scopes, IOptions<WatchOptions> options, TimeProvider time) : IHostedService
{
    public const int SnapshotSeconds = 5;

    private sealed record Row(string Watch, string Group, string Vantage, bool Up, double? RttMs);

    private readonly Lock _lock = new();
    private IReadOnlyList<Row> _rows = [];
    private DateTimeOffset _takenAt = DateTimeOffset.MinValue;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = meters.Create(DashboardMetrics.MeterName);
        meter.CreateObservableGauge("dashboard.watch.up", () => Snapshot().Select(r => new Measurement<int>(r.Up ? 1 : 0, Tags(r))),
            null, "Each watch at each vantage point: 1 up, 0 down (unknown and paused are not exported)");
        meter.CreateObservableGauge("dashboard.watch.rtt", () => Snapshot().Where(r => r.RttMs is not null).Select(r => new Measurement<double>(r.RttMs!.Value, Tags(r))),
            "ms", "Each watch's last round trip at each vantage point, when it had one");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static KeyValuePair<string, object?>[] Tags(Row row) =>
        [new("watch", row.Watch), new("group", row.Group), new("vantage", row.Vantage)];

    /// <summary>The stored states, re-read at most every <see cref="SnapshotSeconds"/> (a scrape's thread waits for that read).</summary>
    private IReadOnlyList<Row> Snapshot()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now - _takenAt >= TimeSpan.FromSeconds(SnapshotSeconds))
            {
                try
                {
                    _rows = Read();
                }
                catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or System.Data.Common.DbException)
                {
                    // A database gone for a moment (or the host stopping): the last snapshot stands until the next try.
                }

                _takenAt = now;
            }

            return _rows;
        }
    }

    private List<Row> Read()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var bound = options.Value.MaxWatches * options.Value.MaxVantagePoints;
        var states = db.WatchStates.AsNoTracking().Where(s => s.Status == "up" || s.Status == "down")
            .Join(db.Watches.AsNoTracking(), s => s.WatchId, w => w.Id, (s, w) => new { State = s, Watch = w })
            .OrderBy(x => x.Watch.Name).ThenBy(x => x.State.Vantage).Take(bound).ToList();
        return [.. states.Where(x => WatchRecords.SpecOf(x.Watch).Paused != true)
            .Select(x => new Row(x.Watch.Name, x.Watch.Group, WatchRecords.StateOf(x.State, paused: false).VantageName, x.State.Status == "up", x.State.LastRttMs))];
    }
}
