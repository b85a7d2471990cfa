using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>
/// Alone, after the parallel tests: every host's exporter listens to the "Dashboard" meter of every
/// host in the process by name, and the engine's meter (listener connections and bytes) is static,
/// so another class's hosts would add to or take away from the series counted here.
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class MetricsRunAlone;

[Collection(typeof(MetricsRunAlone))]
public sealed partial class MetricsTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<string> ScrapeAsync(HttpClient http) => await http.GetStringAsync(new Uri("metrics", UriKind.Relative), Token);

    /// <summary>Scrapes until <paramref name="done"/> holds: the exporter answers from a cache for a few hundred milliseconds.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient http, Func<string, bool> done)
    {
        var scrape = await ScrapeAsync(http);
        while (!done(scrape))
        {
            await Task.Delay(50, Token);
            scrape = await ScrapeAsync(http);
        }

        return scrape;
    }

    /// <summary>The sum of a series' samples whose labels contain <paramref name="label"/> (all when null).</summary>
    private static double Sum(string scrape, string name, string? label = null) =>
        Sample().Matches(scrape).Where(m => m.Groups["name"].Value == name && (label is null || m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(?:\{(?<labels>[^}]*)\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [Fact]
    public async Task Metrics_MoveAfterAProbeAScanAndAListenerConnection()
    {
        using var http = ApiClient.For(host);
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 2);
        var before = await ScrapeAsync(http);

        (await http.PostAsync("api/probe", new ProbeRequest("127.0.0.1", open.Port), Token)).Dispose();
        using var scan = await http.PostAsync("api/scans", new ScanRequest("127.0.0.1", closed.Spec), Token);
        var scanId = (await scan.Content.ReadFromJsonAsync<ScanStatus>(Token))!.ScanId;
        while ((await http.GetFromJsonAsync<ScanStatus>(new Uri($"api/scans/{scanId}", UriKind.Relative), Token))!.State == ScanState.Running)
        {
            await Task.Delay(20, Token);
        }

        using var created = await http.PostJsonAsync("api/listeners", "{\"protocol\":\"tcp\",\"bindAddress\":\"127.0.0.1\",\"port\":0}", Token);
        var listener = await created.Content.ReadFromJsonAsync<ListenerInfo>(Token);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPEndPoint.Parse(listener!.LocalEndPoint), Token);
            await client.GetStream().WriteAsync("abc"u8.ToArray(), Token);
        }

        while ((await http.GetFromJsonAsync<ListenerInfo>(new Uri($"api/listeners/{listener.Id}", UriKind.Relative), Token))!.BytesReceived < 3)
        {
            await Task.Delay(20, Token);
        }

        var after = await ScrapeUntilAsync(http, s => Sum(s, "dashboard_listener_bytes_total") > Sum(before, "dashboard_listener_bytes_total"));
        Assert.Equal(1, Sum(after, "dashboard_probes_total", "state=\"open\"") - Sum(before, "dashboard_probes_total", "state=\"open\""));
        Assert.Equal(2, Sum(after, "dashboard_scan_probes_total", "state=\"closed\"") - Sum(before, "dashboard_scan_probes_total", "state=\"closed\""));
        Assert.Equal(1, Sum(after, "dashboard_scans_started_total") - Sum(before, "dashboard_scans_started_total"));
        Assert.Equal(1, Sum(after, "dashboard_listener_connections_total") - Sum(before, "dashboard_listener_connections_total"));
        Assert.Equal(3, Sum(after, "dashboard_listener_bytes_total") - Sum(before, "dashboard_listener_bytes_total"));
        Assert.True(Sum(after, "dashboard_listeners_open") >= 1, "listeners open gauge");
        Assert.Contains("dashboard_scans_running", after, StringComparison.Ordinal);
        Assert.Contains("dashboard_scan_rate", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountRefusalsByKindAndDoor()
    {
        using var http = ApiClient.For(host);
        var before = Sum(await ScrapeAsync(http), "dashboard_requests_refused_total", "kind=\"Invalid\"");

        (await http.PostJsonAsync("api/probe", "{\"host\":\"127.0.0.1\",\"port\":0}", Token)).Dispose();

        var after = await ScrapeUntilAsync(http, s => Sum(s, "dashboard_requests_refused_total", "kind=\"Invalid\"") > before);
        Assert.Equal(1, Sum(after, "dashboard_requests_refused_total", "kind=\"Invalid\"") - before);
        Assert.Contains("door=\"Api\"", after, StringComparison.Ordinal);
    }
}
