using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Watches;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary>Hosts whose watches may run every second, and waiting for what the runs store.</summary>
internal static class WatchHosts
{
    public static DashboardHost EverySecond(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Watches:AdminMinIntervalSeconds"] = "1", ["Watches:MinIntervalSeconds"] = "1" };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return DashboardHost.With(all);
    }

    public static WatchService Watches(this DashboardHost host) => host.Services.GetRequiredService<WatchService>();

    public static WatchReads Reads(this DashboardHost host) => host.Services.GetRequiredService<WatchReads>();

    /// <summary>Polls the watch until <paramref name="done"/> holds at its first vantage point; fails with what it saw after <paramref name="seconds"/>.</summary>
    /// <summary>Waits until <paramref name="done"/> holds, looking every 200 ms, for at most <paramref name="seconds"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> done, int seconds = 30)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            if (DateTimeOffset.UtcNow > until)
            {
                throw new TimeoutException($"not done within {seconds} s");
            }

            await Task.Delay(200);
        }
    }

    public static async Task<WatchVantageState> WaitForAsync(this DashboardHost host, Actor actor, string id, Func<WatchVantageState, bool> done, int seconds = 30)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(seconds);
        WatchVantageState state;
        do
        {
            state = (await host.Reads().GetAsync(actor, id, CancellationToken.None)).States[0];
            if (done(state))
            {
                return state;
            }

            await Task.Delay(200);
        }
        while (DateTimeOffset.UtcNow < until);

        Assert.Fail($"the watch did not get there in {seconds} s; it is {state}");
        return state;
    }

    public static WatchSpec Tcp(string name, int port, WatchExpectation expect = WatchExpectation.Open, int confirmAfter = 1) =>
        new(name, Kind: WatchKind.Tcp, Expect: expect, Host: "127.0.0.1", Port: port, IntervalSeconds: 1, TimeoutMs: 1_000, ConfirmAfter: confirmAfter);
}
