using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;

namespace Dashboard.Web.Tests.Limits;

/// <summary>
/// The CI-sized flood (benchmarks/flood.sh is the full one): the real dashboard as a process
/// under an open-file limit of its own (prlimit), flooded with idle hub connections past its caps while a
/// scan runs, all on loopback. The flood is refused with statuses, not a crash; /healthz stays fast; the
/// process never runs out of descriptors; a probe works once the flood ends.
/// </summary>
public sealed partial class FloodTests
{
    /// <summary>
    /// Low enough that the flood meets the caps, high enough for the process itself: the dashboard holds about
    /// 270 descriptors when it splits the limit and 360 once idle (.NET keeps two per loaded assembly).
    /// </summary>
    private const int OpenFileLimit = 768;

    private const int Connections = 300;

    [Fact(Timeout = 180_000)]
    public async Task Flood_PastTheCaps_IsRefusedWith503_HealthzStaysFast_TheProcessLives_AndAProbeWorksAfter()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var target = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 200);
        await using var dashboard = await DashboardProcess.StartAsync(WebBuild.Dll(), OpenFileLimit,
            new Dictionary<string, string> { ["Limits__HubConnectionsPerUser"] = "1000" });
        var upgraded = int.Parse(UpgradedCap().Match(dashboard.LimitsLine ?? "").Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        using var api = new HttpClient { BaseAddress = dashboard.Address };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", dashboard.Token);
        var peak = 0;
        var health = new HealthPoller(dashboard.Address);

        using var scan = await api.PostAsJsonAsync("api/scans", new ScanRequest("127.0.0.1", closed.Spec, Concurrency: 4_096), cancellation);
        await using (var flood = await IdleHubFlood.OpenAsync(dashboard.Address, dashboard.Token, Connections, 32, cancellation))
        {
            for (var i = 0; i < 30; i++)
            {
                peak = Math.Max(peak, dashboard.OpenDescriptors());
                await Task.Delay(100, cancellation);
            }

            // Past the upgraded cap: 503 from the dashboard, or, when more arrive at once than Kestrel takes HTTP
            // connections, closed by Kestrel before an answer. Both are refusals; nothing else may happen.
            Assert.Equal(upgraded, flood.Count(IdleHubFlood.Connected));
            Assert.Equal(Connections - upgraded, flood.Count("503") + flood.Count(IdleHubFlood.ClosedAtTransport));
            Assert.True(flood.Count("503") > 0, string.Join(", ", flood.Outcomes));
            Assert.Equal("5", flood.RetryAfter[503]);
        }

        var started = await scan.Content.ReadFromJsonAsync<ScanStatus>(cancellation);
        using var probe = await api.PostAsJsonAsync("api/probe", new ProbeRequest("127.0.0.1", target.Port), cancellation);
        await health.DisposeAsync();

        Assert.False(dashboard.HasExited, string.Join('\n', dashboard.Output));
        Assert.Equal(HttpStatusCode.Accepted, scan.StatusCode);
        Assert.Equal(ScanState.Completed, (await api.GetFromJsonAsync<ScanStatus>($"api/scans/{started!.ScanId}", cancellation))!.State);
        Assert.Equal(ProbeState.Open, (await probe.Content.ReadFromJsonAsync<ProbeResult>(cancellation))!.State);
        Assert.True(health.Polls > 10, $"{health.Polls} /healthz polls answered");
        Assert.Equal(0, health.Unanswered);
        Assert.True(health.WorstMs < 3_000, $"/healthz took {health.WorstMs:F0} ms at worst");
        Assert.True(peak < OpenFileLimit - 32, $"{peak} descriptors open at the peak, the limit is {OpenFileLimit}");
    }

    [GeneratedRegex(@"([\d,]+) upgraded connections")]
    private static partial Regex UpgradedCap();
}
