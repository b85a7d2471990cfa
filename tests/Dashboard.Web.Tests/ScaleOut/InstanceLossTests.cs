using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Features.History;
using Dashboard.Web.Persistence;
using Dashboard.Web.ScaleOut;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.ScaleOut;

/// <summary>Instances that stop: killed (kill -9, no goodbye) or restarted; what they ran is ended by the right instance.</summary>
public sealed class InstanceLossTests(ScaleOutPair pair) : IClassFixture<ScaleOutPair>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InstanceKilledMidScan_ItsScanIsInterruptedByASurvivor_AndWatchersOnTheSurvivorAreTold()
    {
        using var a = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        using var b = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        using var c = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        var settings = pair.Settings("three").ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        await using var three = await DashboardProcess.StartAsync(WebDll, settings: settings);
        using var http = three.Http();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", pair.AdminToken);
        using var started = await http.PostAsJsonAsync("api/scans",
            new ScanRequest("127.0.0.1", $"{a.EndPoint.Port},{b.EndPoint.Port},{c.EndPoint.Port}", TimeoutMs: 5000, Concurrency: 1, Discovery: HostDiscovery.Off), Token);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(Token));
        var scanId = (await started.Content.ReadFromJsonAsync<ScanStatus>(Token))!.ScanId;
        await using var hubTwo = await pair.HubAsync(pair.Two, Token);
        var onTwo = new List<ScanBatch>();
        await using var watch = hubTwo.StreamAsync<ScanBatch>(ProbeHubRoutes.WatchScan, scanId, Token).GetAsyncEnumerator(Token);
        Assert.True(await watch.MoveNextAsync());
        onTwo.Add(watch.Current);

        await three.KillAsync();
        while (await watch.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1), Token))
        {
            onTwo.Add(watch.Current);
        }

        using var httpOne = pair.Http(pair.One);
        var seenByOne = await httpOne.GetFromJsonAsync<ScanStatus>(new Uri($"api/scans/{scanId}", UriKind.Relative), Token);
        Assert.False(onTwo[0].Done, "two began watching while three ran the scan");
        Assert.True(onTwo[^1].Done);
        Assert.Equal(ScanOutcome.Interrupted, onTwo[^1].Outcome);
        Assert.Equal(ScanState.Interrupted, seenByOne!.State);
    }

    [Fact]
    public async Task Restart_MarksOnlyItsOwnRunningItems_AndAnExpiredLeaseLetsASurvivorMarkTheRest()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using (var scope = pair.One.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            db.InstanceLeases.Add(new InstanceLease { Name = "alive", ExpiresAtMs = now + 3_600_000, StartedAtMs = now });
            db.HistoryItems.AddRange(Running("mine-1", "restarted"), Running("theirs-1", "alive"));
            await db.SaveChangesAsync(Token);
        }

        await using var restarted = DashboardHost.With(pair.Settings("restarted"));
        _ = restarted.BaseAddress;
        var afterStart = await StatesAsync("mine-1", "theirs-1");
        await using (var scope = pair.One.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            await db.InstanceLeases.Where(l => l.Name == "alive").ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAtMs, 0L), Token);
        }

        await ScaleOutWait.UntilAsync(async () => (await StatesAsync("theirs-1"))[0] == "interrupted", "a survivor to mark the expired instance's item");

        Assert.Equal(["interrupted", "running"], afterStart);
    }

    private static HistoryItem Running(string id, string instance) => new()
    {
        Id = id,
        Kind = HistoryKinds.Scan,
        Owner = "admin",
        State = "running",
        Target = "127.0.0.1 ports 1",
        StartedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        Request = "{\"targets\":\"127.0.0.1\",\"ports\":\"1\"}",
        Summary = "{\"addresses\":[],\"timeoutMs\":1000,\"concurrency\":1}",
        Instance = instance,
    };

    private async Task<List<string>> StatesAsync(params string[] ids)
    {
        await using var scope = pair.One.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var states = await db.HistoryItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.State, Token);
        return [.. ids.Select(id => states[id])];
    }

    /// <summary>The dashboard as built beside these tests (same configuration), run as a process of its own so it can be killed.</summary>
    private static string WebDll
    {
        get
        {
            var bin = new DirectoryInfo(AppContext.BaseDirectory);
            var framework = bin.Name;
            var configuration = bin.Parent!.Name;
            var root = bin;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dashboard.sln")))
            {
                root = root.Parent;
            }

            return Path.Combine(root!.FullName, "src", "Dashboard.Web", "bin", configuration, framework, "Dashboard.Web.dll");
        }
    }
}
