using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using static Dashboard.Web.Tests.Support.HistoryHosts;

namespace Dashboard.Web.Tests.Features.History;

/// <summary>
/// Everything the team did survives a restart of the dashboard: probes, UDP sends with their replies, scans
/// with every result (read back through the same REST routes as a live scan), listener sessions with their
/// events (one closed, one open at shutdown: interrupted). On SQLite and on a real PostgreSQL.
/// </summary>
public sealed class HistoryRestartTests(PostgresServer postgres)
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task History_SurvivesARestartOfTheHost(string provider)
    {
        var settings = await SettingsAsync(postgres, provider);
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 20);
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        var dataDir = Directory.CreateTempSubdirectory("sd-test-").FullName;
        ProbeResult probe;
        UdpSendResult udp;
        ScanStatus scan;
        ListenerInfo closedListener, openListener;
        string csvBefore;
        await using (var first = DashboardHost.Over(dataDir, settings))
        {
            using var http = first.Http();
            probe = (await (await http.PostAsync("api/probe", new ProbeRequest("127.0.0.1", open.Port), Token)).Content.ReadFromJsonAsync<ProbeResult>(Token))!;
            udp = (await (await http.PostAsync("api/udp", new UdpSendRequest("127.0.0.1", echo.Port, "ping", WaitReplyMs: 2_000), Token))
                .Content.ReadFromJsonAsync<UdpSendResult>(Token))!;
            scan = await ScanAsync(http, new ScanRequest("127.0.0.1", $"{open.Port},{closed.Spec}"));
            csvBefore = await http.GetStringAsync(new Uri($"api/scans/{scan.ScanId}/results.csv", UriKind.Relative), Token);
            closedListener = await OpenListenerAsync(http);
            await SendToAsync(closedListener, "hello history");
            await UntilEventsAsync(http, closedListener.Id, 3);
            await http.DeleteAsync($"api/listeners/{closedListener.Id}", Token);
            openListener = await OpenListenerAsync(http);
            await SendToAsync(openListener, "still open");
            await UntilEventsAsync(http, openListener.Id, 3);
            // Let the listener's batch reach the database before the host stops (it is stored every 100 ms).
            await Task.Delay(500, Token);
        }

        await using var second = DashboardHost.Over(dataDir, settings);
        using var api = second.Http();

        var all = await HistoryAsync(api);
        Assert.Equal(5, all.Total);
        Assert.Equal(["listener", "listener", "scan", "udp", "probe"], all.Items.Select(i => i.Kind));

        Assert.NotNull(probe.Id);
        var storedProbe = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/history/{probe.Id}", UriKind.Relative), Token);
        Assert.Equal("open", storedProbe.GetProperty("result").GetProperty("state").GetString());
        Assert.Equal(open.Port, storedProbe.GetProperty("request").GetProperty("port").GetInt32());
        Assert.Equal($"probe/{probe.Id}", storedProbe.GetProperty("entry").GetProperty("link").GetString());

        var storedUdp = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/history/{udp.Id}", UriKind.Relative), Token);
        Assert.Equal("replied", storedUdp.GetProperty("result").GetProperty("state").GetString());
        Assert.Equal("ping", storedUdp.GetProperty("result").GetProperty("replies")[0].GetProperty("payloadText").GetString());

        var storedScan = await api.GetFromJsonAsync<ScanStatus>(new Uri($"api/scans/{scan.ScanId}", UriKind.Relative), Token);
        Assert.Equal((ScanState.Completed, 21L, 1L, 20L), (storedScan!.State, storedScan.Completed, storedScan.Counts.Open, storedScan.Counts.Closed));
        AssertSameCsv(csvBefore, await api.GetStringAsync(new Uri($"api/scans/{scan.ScanId}/results.csv", UriKind.Relative), Token));
        var opened = await api.GetFromJsonAsync<ScanResultsPage>(new Uri($"api/scans/{scan.ScanId}/results?state=open", UriKind.Relative), Token);
        Assert.Equal(open.Port, Assert.Single(opened!.Results).Port);

        var stopped = await api.GetFromJsonAsync<ListenerInfo>(new Uri($"api/listeners/{closedListener.Id}", UriKind.Relative), Token);
        Assert.Equal(ListenerState.Stopped, stopped!.State);
        var events = await api.GetFromJsonAsync<List<ListenerEvent>>(new Uri($"api/listeners/{closedListener.Id}/events", UriKind.Relative), Token);
        Assert.Contains(events!, e => e.Kind == ListenerEventKind.Data && e.PayloadText == "hello history");
        Assert.Equal(ListenerEventKind.Stopped, events![^1].Kind);

        var interrupted = await api.GetFromJsonAsync<ListenerInfo>(new Uri($"api/listeners/{openListener.Id}", UriKind.Relative), Token);
        Assert.Equal(ListenerState.Interrupted, interrupted!.State);
        var kept = await api.GetFromJsonAsync<List<ListenerEvent>>(new Uri($"api/listeners/{openListener.Id}/events", UriKind.Relative), Token);
        Assert.Contains(kept!, e => e.Kind == ListenerEventKind.Data && e.PayloadText == "still open");
        Assert.Contains("interrupted", kept![^1].Message, StringComparison.Ordinal);

        var byState = await HistoryAsync(api, "?kind=listener&state=interrupted");
        Assert.Equal(openListener.Id, Assert.Single(byState.Items).Id);
        var byText = await HistoryAsync(api, $"?q={open.Port}");
        Assert.Equal([scan.ScanId, probe.Id], byText.Items.Select(i => i.Id));
    }

    /// <summary>The same rows and fields; times to the microsecond (the live log keeps them as float milliseconds from the scan's start).</summary>
    private static void AssertSameCsv(string expected, string actual)
    {
        var (before, after) = (expected.Split('\n'), actual.Split('\n'));
        Assert.Equal(before.Length, after.Length);
        foreach (var (was, now) in before.Zip(after))
        {
            var (a, b) = (was.Split(',').Select(f => f.Trim('"')).ToArray(), now.Split(',').Select(f => f.Trim('"')).ToArray());
            Assert.Equal(a.Length, b.Length);
            for (var i = 0; i < a.Length; i++)
            {
                if (DateTimeOffset.TryParse(a[i], System.Globalization.CultureInfo.InvariantCulture, out var at) && a[i].Contains('T', StringComparison.Ordinal))
                {
                    Assert.InRange((DateTimeOffset.Parse(b[i], System.Globalization.CultureInfo.InvariantCulture) - at).Duration(), TimeSpan.Zero, TimeSpan.FromMicroseconds(1));
                }
                else
                {
                    Assert.Equal(a[i], b[i]);
                }
            }
        }
    }

    private static async Task<ListenerInfo> OpenListenerAsync(HttpClient http)
    {
        using var response = await http.PostAsync("api/listeners", new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0), Token);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;
    }

    private static async Task SendToAsync(ListenerInfo listener, string text)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPEndPoint.Parse(listener.LocalEndPoint), Token);
        await client.GetStream().WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), Token);
    }

    private static async Task UntilEventsAsync(HttpClient http, string id, int count)
    {
        while ((await http.GetFromJsonAsync<List<ListenerEvent>>(new Uri($"api/listeners/{id}/events", UriKind.Relative), Token))!.Count < count)
        {
            await Task.Delay(50, Token);
        }
    }
}
