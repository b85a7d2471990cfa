using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Contracts.Watches;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary>
/// The watches' gauges at <c>/metrics</c>, as Prometheus scrapes them. Every host's exporter in the process hears
/// every host's "Dashboard" meter, so the series are found by this test's own watch names.
/// </summary>
public sealed partial class WatchMetricsTests : IAsyncLifetime
{
    private readonly DashboardHost _host = WatchRuns.FastHost();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [GeneratedRegex(@"^(?<name>dashboard_watch_[a-z_]+)\{(?<labels>[^}]*)\} (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    private static List<(string Name, string Labels, double Value)> Samples(string scrape, string watch) =>
        [.. Sample().Matches(scrape).Where(m => m.Groups["labels"].Value.Contains($"watch=\"{watch}\"", StringComparison.Ordinal))
            .Select(m => (m.Groups["name"].Value, m.Groups["labels"].Value, double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture)))];

    /// <summary>Scrapes until <paramref name="done"/> holds: the gauges read a snapshot a few seconds old at most.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient http, Func<string, bool> done)
    {
        while (true)
        {
            var scrape = await http.GetStringAsync(new Uri("metrics", UriKind.Relative), Token);
            if (done(scrape))
            {
                return scrape;
            }

            await Task.Delay(200, Token);
        }
    }

    [Fact]
    public async Task UpAndRtt_AreExportedPerWatchAndVantage_DownIsZero_PausedIsLeftOut()
    {
        using var http = _host.Http();
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        await WatchRuns.CreateAsync(http, $$"""{"name":"metrics-up","group":"metrics","kind":"tcp","host":"127.0.0.1","port":{{open.Port}},"intervalSeconds":1}""", Token);
        await WatchRuns.CreateAsync(http, $$"""{"name":"metrics-down","group":"metrics","kind":"tcp","host":"127.0.0.1","port":{{closed.Ports[0]}},"intervalSeconds":1}""", Token);
        await WatchRuns.CreateAsync(http, """{"name":"metrics-paused","group":"metrics","kind":"tcp","host":"127.0.0.1","port":1,"paused":true}""", Token);
        await WatchRuns.UntilAsync(http, "metrics-up", WatchStatus.Up, Token);
        await WatchRuns.UntilAsync(http, "metrics-down", WatchStatus.Down, Token);

        var scrape = await ScrapeUntilAsync(http, s => Samples(s, "metrics-up").Count > 0 && Samples(s, "metrics-down").Count > 0);

        var up = Samples(scrape, "metrics-up");
        Assert.Contains(up, s => s.Name == "dashboard_watch_up" && s.Labels.Contains("vantage=\"this server\"", StringComparison.Ordinal)
                                 && s.Labels.Contains("group=\"metrics\"", StringComparison.Ordinal) && s.Value == 1);
        Assert.Contains(up, s => s.Name == "dashboard_watch_rtt_milliseconds" && s.Value > 0);
        Assert.Contains(Samples(scrape, "metrics-down"), s => s.Name == "dashboard_watch_up" && s.Value == 0);
        Assert.Empty(Samples(scrape, "metrics-paused"));
    }
}
