using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Access;

namespace Dashboard.Web.Tests.Features.Identify;

/// <summary>Every refusal the identify routes document really happens, before a single byte of a result is streamed.</summary>
public sealed class IdentifyDoorsTests(IdentifyDoorsTests.Team team) : IClassFixture<IdentifyDoorsTests.Team>
{
    /// <summary>A dashboard with two probes a minute, a Viewer and an Operator, and an agent that never connects.</summary>
    public sealed class Team : IAsyncLifetime
    {
        public DashboardHost Host { get; } = DashboardHost.With(new() { ["Policy:Quotas:ProbesPerMinute"] = "2" });

        public string Viewer { get; private set; } = "";

        public string Operator { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            Viewer = (await Host.AddUserAsync("id-vera", Role.Viewer, CancellationToken.None)).Token;
            Operator = (await Host.AddUserAsync("id-otto", Role.Operator, CancellationToken.None)).Token;
            using var admin = Host.Http();
            (await admin.PostJsonAsync("api/agents", """{"name":"id-offline"}""", CancellationToken.None)).Dispose();
        }

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<int> StatusAsync(Task<HttpResponseMessage> sent)
    {
        using var response = await sent;
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task AViewer_403_AnUnknownAgent_404_AnOfflineOne_409_AtEveryIdentifyDoor()
    {
        using var viewer = team.Host.Http(team.Viewer);
        using var worker = team.Host.Http(team.Operator);
        const string one = """{"host":"127.0.0.1","port":9,"from":"FROM"}""";
        const string many = """{"targets":["127.0.0.1:9"],"from":"FROM"}""";

        int[] viewers =
        [
            await StatusAsync(viewer.PostJsonAsync("api/identify", one.Replace("FROM", "", StringComparison.Ordinal), Token)),
            await StatusAsync(viewer.PostJsonAsync("api/identify/batch", many.Replace("FROM", "", StringComparison.Ordinal), Token)),
            await StatusAsync(viewer.PostJsonAsync("api/identify/scan/any", "", Token)),
        ];
        int[] unknown =
        [
            await StatusAsync(worker.PostJsonAsync("api/identify", one.Replace("FROM", "no-such-agent", StringComparison.Ordinal), Token)),
            await StatusAsync(worker.PostJsonAsync("api/identify/batch", many.Replace("FROM", "no-such-agent", StringComparison.Ordinal), Token)),
            await StatusAsync(worker.PostJsonAsync("api/identify/scan/no-such-scan", "", Token)),
        ];
        int[] offline =
        [
            await StatusAsync(worker.PostJsonAsync("api/identify", one.Replace("FROM", "id-offline", StringComparison.Ordinal), Token)),
            await StatusAsync(worker.PostJsonAsync("api/identify/batch", many.Replace("FROM", "id-offline", StringComparison.Ordinal), Token)),
        ];

        Assert.Equal([403, 403, 403], viewers);
        Assert.Equal([404, 404, 404], unknown);
        Assert.Equal([409, 409], offline);
    }

    [Fact]
    public async Task ARunningScan_409_BadOptions_400_AndPastTheQuota_429()
    {
        using var admin = team.Host.Http();
        using var filtered = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        using var closed = new ClosedPorts(IPAddress.Loopback, 3);
        using var running = await admin.PostAsync("api/scans", new ScanRequest("127.0.0.1", filtered.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            TimeoutMs: 10_000, Discovery: HostDiscovery.Off), Token);
        var scanId = (await running.Content.ReadFromJsonAsync<ScanStatus>(Token))!.ScanId;

        var stillRunning = await StatusAsync(admin.PostJsonAsync($"api/identify/scan/{scanId}", "", Token));
        var badOptions = await StatusAsync(admin.PostJsonAsync($"api/identify/scan/{scanId}x", "", Token));
        (await admin.DeleteAsync($"api/scans/{scanId}", Token)).Dispose();
        var badConcurrency = await StatusAsync(admin.PostJsonAsync($"api/identify/scan/{scanId}", """{"concurrency":0}""", Token));
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var finished = await admin.PostAsync("api/scans", new ScanRequest("127.0.0.1", open.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), Token);
        while ((await admin.GetFromJsonAsync<ScanStatus>(finished.Headers.Location, Token))!.State == ScanState.Running)
        {
            await Task.Delay(50, Token);
        }

        var finishedId = (await finished.Content.ReadFromJsonAsync<ScanStatus>(Token))!.ScanId;
        var tooMany = await StatusAsync(admin.PostJsonAsync("api/identify/batch",
            $$"""{"targets":["127.0.0.1:{{closed.Ports[0]}}","127.0.0.1:{{closed.Ports[1]}}","127.0.0.1:{{closed.Ports[2]}}"]}""", Token));
        var scanned = await StatusAsync(admin.PostJsonAsync($"api/identify/scan/{finishedId}", "", Token));
        var first = await StatusAsync(admin.PostJsonAsync("api/identify", $$"""{"host":"127.0.0.1","port":{{closed.Ports[0]}}}""", Token));
        var overQuota = await StatusAsync(admin.PostJsonAsync("api/identify", $$"""{"host":"127.0.0.1","port":{{closed.Ports[1]}}}""", Token));
        var scanOverQuota = await StatusAsync(admin.PostJsonAsync($"api/identify/scan/{finishedId}", "", Token));

        Assert.Equal((409, 404, 400, 429), (stillRunning, badOptions, badConcurrency, tooMany));
        Assert.Equal((200, 200, 429, 429), (scanned, first, overQuota, scanOverQuota));
    }
}
