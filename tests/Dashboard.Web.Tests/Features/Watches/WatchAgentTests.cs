using System.Net;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary>A watch run from two agents, each judged on its own, through a router whose iptables the test changes.</summary>
[Collection(AgentLabGroup.Name)]
public sealed class WatchAgentTests(AgentLab lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AWatchFromTwoAgents_TurnsDownOnlyWhereTheRouterDropsIt()
    {
        const int port = 41_301;
        using var listener = AgentNetwork.ListenInside(lab.Network.B, new IPEndPoint(lab.Network.BOnPath, port));
        var watches = lab.Host.Services.GetRequiredService<Dashboard.Web.Features.Watches.WatchService>();
        var watch = await watches.CreateAsync(lab.Host.Admin, new WatchSpec("from both agents", Kind: WatchKind.Tcp, Host: lab.Network.BOnPath.ToString(), Port: port,
            From: ["alpha", "bravo"], IntervalSeconds: 5, TimeoutMs: 1_000), Token);

        await WaitAsync(watch.Id, states => states.All(s => s.Status == WatchStatus.Up));
        using (lab.Network.Drop("tcp", port))
        {
            var states = await WaitAsync(watch.Id, states => states.Any(s => s.Status == WatchStatus.Down));
            var alpha = states.Single(s => s.Vantage == "alpha");
            var bravo = states.Single(s => s.Vantage == "bravo");
            Assert.Equal((WatchStatus.Down, "alpha"), (alpha.Status, alpha.VantageName));
            Assert.StartsWith("filtered", alpha.LastReason);
            Assert.Equal(WatchStatus.Up, bravo.Status);
        }

        await WaitAsync(watch.Id, states => states.All(s => s.Status == WatchStatus.Up));
        var incident = Assert.Single(await lab.Host.Services.GetRequiredService<Dashboard.Web.Features.Watches.WatchReads>().IncidentsAsync(lab.Host.Admin, watch.Id, false, null, Token));
        Assert.Equal("alpha", incident.Vantage);
        Assert.NotNull(incident.EndedAt);
        await watches.DeleteAsync(lab.Host.Admin, watch.Id, Token);
    }

    private async Task<IReadOnlyList<WatchVantageState>> WaitAsync(string id, Func<IReadOnlyList<WatchVantageState>, bool> done)
    {
        var reads = lab.Host.Services.GetRequiredService<Dashboard.Web.Features.Watches.WatchReads>();
        var until = DateTimeOffset.UtcNow.AddSeconds(60);
        IReadOnlyList<WatchVantageState> states;
        do
        {
            states = (await reads.GetAsync(lab.Host.Admin, id, Token)).States;
            if (done(states))
            {
                return states;
            }

            await Task.Delay(250, Token);
        }
        while (DateTimeOffset.UtcNow < until);

        Assert.Fail($"not there in 60 s: {string.Join("; ", states)}\n{lab.Output}");
        return states;
    }
}
