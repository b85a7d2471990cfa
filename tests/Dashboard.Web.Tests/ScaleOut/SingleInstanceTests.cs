using System.Net.Http.Json;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Persistence;
using Dashboard.Web.ScaleOut;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.ScaleOut;

/// <summary>The default: one instance, SQLite, no Redis; nothing of scale-out runs, and what it stores still names the instance.</summary>
public sealed class SingleInstanceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutRedis_NoScaleOutServiceRuns_AndWorkIsStoredUnderThisInstancesName()
    {
        await using var host = new DashboardHost();
        using var http = host.Http();
        using var open = new LoopbackListener(System.Net.IPAddress.Loopback);

        using var probed = await http.PostAsJsonAsync("api/probe", new { host = "127.0.0.1", port = open.Port }, Token);
        var result = await probed.Content.ReadFromJsonAsync<ProbeResult>(Token);
        await using var scope = host.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<DashboardDb>().HistoryItems.AsNoTracking().SingleAsync(i => i.Id == result!.Id, Token);

        Assert.Equal(ProbeState.Open, result!.State);
        Assert.Null(host.Services.GetService<PeerBus>());
        Assert.Null(host.Services.GetService<StackExchange.Redis.IConnectionMultiplexer>());
        Assert.Equal(host.Services.GetRequiredService<InstanceIdentity>().Name, stored.Instance);
        Assert.StartsWith(Environment.MachineName + ":", stored.Instance, StringComparison.Ordinal);
    }
}
