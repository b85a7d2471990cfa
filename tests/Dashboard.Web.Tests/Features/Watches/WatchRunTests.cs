using System.Net;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Persistence;
using Dashboard.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary>Watches scheduled by Quartz run by themselves against real sockets, and their state follows the port.</summary>
public sealed class WatchRunTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TcpWatch_FollowsAListenerClosedAndReopened_WithOneIncidentFromFailureToRecovery()
    {
        using var host = WatchHosts.EverySecond();
        var listener = new LoopbackListener(IPAddress.Loopback);
        var port = listener.Port;
        var watch = await host.Watches().CreateAsync(host.Admin, WatchHosts.Tcp("db port", port), Token);

        var up = await host.WaitForAsync(host.Admin, watch.Id, s => s.Status == WatchStatus.Up);
        Assert.StartsWith($"open: connected to 127.0.0.1:{port}", up.LastReason);
        Assert.Equal("this server", up.VantageName);

        listener.Dispose();
        var down = await host.WaitForAsync(host.Admin, watch.Id, s => s.Status == WatchStatus.Down);
        Assert.Contains("ECONNREFUSED (111)", down.LastReason);

        using var reopened = new LoopbackListener(IPAddress.Loopback, port);
        await host.WaitForAsync(host.Admin, watch.Id, s => s.Status == WatchStatus.Up);
        // Who was told is written just after the state (the notifier is asked once the incident is stored).
        await WatchHosts.UntilAsync(async () => (await host.Reads().IncidentsAsync(host.Admin, watch.Id, false, null, Token)) is [{ Notified: { } told }]
            && told.Contains("recovered", StringComparison.Ordinal));

        var incident = Assert.Single(await host.Reads().IncidentsAsync(host.Admin, watch.Id, false, null, Token));
        Assert.NotNull(incident.EndedAt);
        Assert.True(incident.EndedAt > incident.StartedAt);
        Assert.Contains("ECONNREFUSED", incident.Cause);
        Assert.Equal("down: nobody (no channel for this group); recovered: nobody (no channel for this group)", incident.Notified);
        var runs = await host.Reads().RunsAsync(host.Admin, watch.Id, null, 100, null, Token);
        Assert.Contains(runs, r => !r.Passed && r.Outcome == "closed");
        Assert.Contains(runs, r => r.Passed && r.Outcome == "open" && r.RttMs > 0);
        Assert.All(runs, r => Assert.NotNull(r.LagMs));
    }

    [Fact]
    public async Task ConfirmAfter_OneFailureAmongPassesChangesNothing_TwoInARowDo()
    {
        using var host = WatchHosts.EverySecond();
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        var watch = await host.Watches().CreateAsync(host.Admin, WatchHosts.Tcp("closed expected", closed.Ports[0], WatchExpectation.Closed, confirmAfter: 2), Token);

        var first = await host.WaitForAsync(host.Admin, watch.Id, s => s.LastRunAt is not null);
        Assert.Equal((WatchStatus.Unknown, true, 1), (first.Status, first.LastPassed, first.Streak));
        var up = await host.WaitForAsync(host.Admin, watch.Id, s => s.Status == WatchStatus.Up);
        Assert.True(up.Streak >= 2);
        Assert.StartsWith("closed: ECONNREFUSED (111)", up.LastReason);
    }

    [Fact]
    public async Task APolicyRuleAddedLater_StopsTheTraffic_AndTheRunSaysWhy()
    {
        using var host = WatchHosts.EverySecond();
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var watch = await host.Watches().CreateAsync(host.Admin, WatchHosts.Tcp("later denied", listener.Port), Token);
        await host.WaitForAsync(host.Admin, watch.Id, s => s.Status == WatchStatus.Up);

        await host.PutRulesAsync(Token, PolicyHosts.Deny("no loopback watches", "127.0.0.1/32"));

        var down = await host.WaitForAsync(host.Admin, watch.Id, s => s.Status == WatchStatus.Down);
        Assert.Contains("the policy denies it", down.LastReason);
        Assert.Contains("no loopback watches", down.LastReason);
        var runs = await host.Reads().RunsAsync(host.Admin, watch.Id, null, 10, null, Token);
        Assert.Equal("denied", runs[0].Outcome);
    }

    [Fact]
    public async Task AnEditedWatch_RunsAsEditedFromItsNextRun()
    {
        using var host = WatchHosts.EverySecond();
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        var watch = await host.Watches().CreateAsync(host.Admin, WatchHosts.Tcp("edited", listener.Port), Token);
        await host.WaitForAsync(host.Admin, watch.Id, s => s.Status == WatchStatus.Up && s.Streak >= 2);

        await host.Watches().UpdateAsync(host.Admin, watch.Id, WatchHosts.Tcp("edited", closed.Ports[0]), Token);

        // Well inside the minute a run plan may be kept for: the edit itself made the runner read it again.
        var down = await host.WaitForAsync(host.Admin, watch.Id, s => s.Status == WatchStatus.Down, seconds: 20);
        Assert.StartsWith("closed: ECONNREFUSED (111)", down.LastReason);
    }

    [Fact]
    public async Task AnOwnerDemotedToViewer_HasTheirWatchStopWithTheReason_AndCannotChangeIt()
    {
        using var host = WatchHosts.EverySecond();
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var (otto, _) = await host.AddUserAsync("watch-otto", Role.Operator, Token);
        var watch = await host.Watches().CreateAsync(otto, WatchHosts.Tcp("otto's", listener.Port), Token);
        await host.WaitForAsync(host.Admin, watch.Id, s => s.Status == WatchStatus.Up);

        await host.Services.GetRequiredService<Dashboard.Web.Features.Account.AccountService>().SetRoleAsync(host.Admin, otto.Id, Role.Viewer, Token);

        var stopped = await host.WaitForAsync(host.Admin, watch.Id, s => s.Status == WatchStatus.Down);
        Assert.Contains("watch-otto is now a Viewer", stopped.LastReason);
        var demoted = otto with { Role = Role.Viewer };
        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => host.Watches().SetPausedAsync(demoted, watch.Id, true, Token));
        Assert.Equal(ErrorKind.Forbidden, refused.Kind);
    }

    [Fact]
    public async Task AWatchSurvivesARestart_ItsScheduleInQuartzAndItsStateInTheDatabase()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "sd-watch-restart-" + Guid.NewGuid().ToString("n")[..8]);
        var settings = new Dictionary<string, string?> { ["Watches:AdminMinIntervalSeconds"] = "1" };
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        string id;
        using (var first = DashboardHost.Over(dataDir, settings))
        {
            id = (await first.Watches().CreateAsync(first.Admin, WatchHosts.Tcp("survivor", closed.Ports[0]), Token)).Id;
            await first.WaitForAsync(first.Admin, id, s => s.Status == WatchStatus.Down);
        }

        using var second = DashboardHost.Over(dataDir, settings);
        var before = await RunCountAsync(second, id);
        var state = await second.WaitForAsync(second.Admin, id, s => s.Streak >= 3);
        Assert.Equal(WatchStatus.Down, state.Status);
        Assert.True(await RunCountAsync(second, id) > before);
        // Still the one incident: the restart neither lost it nor opened a second.
        var incident = Assert.Single(await second.Reads().IncidentsAsync(second.Admin, id, false, null, Token));
        Assert.Equal("down: nobody (no channel for this group)", incident.Notified);
        Assert.True(File.Exists(Path.Combine(dataDir, "schedule.db")));
    }

    [Fact]
    public async Task ASchedulesFileLostOnItsOwn_IsRebuiltAtStartFromTheWatches()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "sd-watch-rebuild-" + Guid.NewGuid().ToString("n")[..8]);
        var settings = new Dictionary<string, string?> { ["Watches:AdminMinIntervalSeconds"] = "1" };
        using var listener = new LoopbackListener(IPAddress.Loopback);
        string id;
        using (var first = DashboardHost.Over(dataDir, settings))
        {
            id = (await first.Watches().CreateAsync(first.Admin, WatchHosts.Tcp("rebuilt", listener.Port), Token)).Id;
            await first.WaitForAsync(first.Admin, id, s => s.Status == WatchStatus.Up);
        }

        foreach (var file in Directory.GetFiles(dataDir, "schedule.db*"))
        {
            File.Delete(file);
        }

        using var second = DashboardHost.Over(dataDir, settings);
        var before = await RunCountAsync(second, id);
        await second.WaitForAsync(second.Admin, id, _ => RunCountAsync(second, id).GetAwaiter().GetResult() > before + 1);
        Assert.NotNull((await second.Reads().GetAsync(second.Admin, id, Token)).NextRunAt);
    }

    private static async Task<int> RunCountAsync(DashboardHost host, string id)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DashboardDb>().WatchRuns.CountAsync(r => r.WatchId == id, Token);
    }
}
