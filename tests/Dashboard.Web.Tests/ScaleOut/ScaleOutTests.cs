using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dashboard.Contracts;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Paths;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.ScaleOut;

/// <summary>Two instances behind one address: what is started through one is seen, watched and closed through the other.</summary>
public sealed class ScaleOutTests(ScaleOutPair pair) : IClassFixture<ScaleOutPair>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScanStartedThroughOne_IsWatchedLiveThroughTwo_WithEveryResultOnce()
    {
        // Only ports that never answer, one at a time: each result takes the whole timeout, so the scan is still running
        // when two starts watching, with results already delivered on one.
        using var a = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        using var b = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        using var c = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        int[] ports = [a.EndPoint.Port, b.EndPoint.Port, c.EndPoint.Port];
        await using var hubOne = await pair.HubAsync(pair.One, Token);
        await using var hubTwo = await pair.HubAsync(pair.Two, Token);
        var request = new ScanRequest("127.0.0.1", string.Join(',', ports), TimeoutMs: 1000, Concurrency: 1, Discovery: HostDiscovery.Off);

        await using var onOne = hubOne.StreamAsync<ScanBatch>(ProbeHubRoutes.Scan, request, Token).GetAsyncEnumerator(Token);
        var seenOnOne = new List<ScanBatch>();
        while (await onOne.MoveNextAsync())
        {
            seenOnOne.Add(onOne.Current);
            if (onOne.Current.ResultCount > 0 || onOne.Current.Done)
            {
                break;
            }
        }

        Assert.False(seenOnOne[^1].Done, "the scan ended before two could watch it");
        var scanId = seenOnOne[0].ScanId;
        var onTwo = new List<ScanBatch>();
        var watching = Task.Run(async () =>
        {
            await foreach (var batch in hubTwo.StreamAsync<ScanBatch>(ProbeHubRoutes.WatchScan, scanId, Token))
            {
                onTwo.Add(batch);
            }
        }, Token);
        while (await onOne.MoveNextAsync())
        {
            seenOnOne.Add(onOne.Current);
        }

        var endedOnOne = System.Diagnostics.Stopwatch.StartNew();
        await watching;
        // Two follows what one stores as one stores it (a wake-up over Redis per batch), not at its next look a minute later.
        Assert.True(endedOnOne.Elapsed < TimeSpan.FromSeconds(20), $"two saw the end {endedOnOne.Elapsed.TotalSeconds:F1} s after one");

        var resultsOnOne = seenOnOne.SelectMany(s => s.AllResults()).ToList();
        var resultsOnTwo = onTwo.SelectMany(s => s.AllResults()).ToList();
        Assert.False(onTwo[0].Done);
        Assert.True(onTwo[^1].Done);
        Assert.Equal(ScanOutcome.Completed, onTwo[^1].Outcome);
        Assert.Equal(3, onTwo[^1].Completed);
        Assert.Equal(ports.Order(), resultsOnTwo.Select(r => r.Port).Order());
        Assert.Equal(resultsOnOne.Select(r => (r.Port, r.State)).Order(), resultsOnTwo.Select(r => (r.Port, r.State)).Order());
        Assert.All(resultsOnTwo, r => Assert.Equal(ProbeState.Filtered, r.State));
    }

    [Fact]
    public async Task ListenerOpenedThroughOne_IsListedOnTwo_ItsEventsReachTwo_AndClosingThroughTwoClosesItOnOne()
    {
        using var httpOne = pair.Http(pair.One);
        using var httpTwo = pair.Http(pair.Two);
        using var created = await httpOne.PostAsJsonAsync("api/listeners", new { protocol = "tcp", bindAddress = "127.0.0.1", port = 0 }, Token);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Token));
        var info = (await created.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;

        var listed = await httpTwo.GetFromJsonAsync<List<ListenerInfo>>(new Uri("api/listeners", UriKind.Relative), Token);
        await using var hubTwo = await pair.HubAsync(pair.Two, Token);
        var events = new ConcurrentQueue<ListenerEvent>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in hubTwo.StreamAsync<ListenerEvent>(ProbeHubRoutes.WatchListener, info.Id, Token))
            {
                events.Enqueue(e);
            }
        }, Token);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPEndPoint.Parse(info.LocalEndPoint), Token);
            await client.GetStream().WriteAsync("hello across instances"u8.ToArray(), Token);
            await ScaleOutWait.UntilAsync(() => Task.FromResult(events.Any(e => e.Kind == ListenerEventKind.Data)), "the data event on two");
        }

        using var closed = await httpTwo.DeleteAsync(new Uri($"api/listeners/{info.Id}", UriKind.Relative), Token);
        var onOne = await httpOne.GetFromJsonAsync<ListenerInfo>(new Uri($"api/listeners/{info.Id}", UriKind.Relative), Token);
        await watching.WaitAsync(TimeSpan.FromMinutes(1), Token);

        Assert.Contains(listed!, l => l.Id == info.Id && l.Owner == info.Owner);
        Assert.True(closed.IsSuccessStatusCode, await closed.Content.ReadAsStringAsync(Token));
        Assert.Equal(ListenerState.Stopped, onOne!.State);
        Assert.Contains(events, e => e.Kind == ListenerEventKind.Accepted);
        Assert.Equal("hello across instances", events.Single(e => e.Kind == ListenerEventKind.Data).PayloadText);
        Assert.Equal(ListenerEventKind.Stopped, events.Last().Kind);
    }

    [Fact]
    public async Task AgentConnectedToOne_RunsProbeScanUdpListenerAndPathCheck_AskedOfTwo()
    {
        var created = await pair.CreateAgentAsync(pair.One, "relayed");
        using var agent = new AgentProcess(null, pair.One.BaseAddress, created.Token, "relayed-host");
        using var httpTwo = pair.Http(pair.Two);
        await ScaleOutWait.UntilAsync(async () =>
            (await httpTwo.GetFromJsonAsync<List<VantagePointInfo>>(new Uri("api/vantage-points", UriKind.Relative), Token))!
            .Any(p => p.Name == "relayed" && p.Online), "agent relayed online as two sees it");
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closedPorts = new ClosedPorts(IPAddress.Loopback, 3);
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);

        using var probed = await httpTwo.PostAsJsonAsync("api/probe", new { host = "127.0.0.1", port = open.Port, from = "relayed" }, Token);
        var probe = await probed.Content.ReadFromJsonAsync<ProbeResult>(Token);
        var scan = await HistoryHosts.ScanAsync(httpTwo,
            new ScanRequest("127.0.0.1", $"{open.Port},{closedPorts.Spec}", Discovery: HostDiscovery.Off) { From = "relayed" });
        using var sent = await httpTwo.PostAsJsonAsync("api/udp", new { host = "127.0.0.1", port = echo.Port, payload = "ping", waitReplyMs = 2000, from = "relayed" }, Token);
        var udp = await sent.Content.ReadFromJsonAsync<UdpSendResult>(Token);
        var pathPort = LoopbackListener.FreePort(IPAddress.Loopback);
        using var checkedPath = await httpTwo.PostAsJsonAsync("api/paths/check", new { to = "relayed", host = "127.0.0.1", port = pathPort }, Token);
        var path = await checkedPath.Content.ReadFromJsonAsync<PathCheckResult>(Token);

        Assert.Equal(ProbeState.Open, probe!.State);
        Assert.Equal("relayed", probe.From);
        Assert.Equal(ScanState.Completed, scan.State);
        Assert.Equal("relayed", scan.From);
        Assert.Equal((4, 1, 3), (scan.Completed, scan.Counts.Open, scan.Counts.Closed));
        Assert.Equal(UdpState.Replied, udp!.State);
        Assert.Equal("relayed", udp.From);
        Assert.True(path!.Arrived, path.Detail);
        Assert.Equal("relayed", path.To);
    }

    [Fact]
    public async Task ListenerOpenedAtAnAgentOfOne_ThroughTwo_IsWatchedAndClosedThroughTwo()
    {
        var created = await pair.CreateAgentAsync(pair.One, "listening");
        using var agent = new AgentProcess(null, pair.One.BaseAddress, created.Token, "listening-host");
        using var httpTwo = pair.Http(pair.Two);
        await ScaleOutWait.UntilAsync(async () =>
            (await httpTwo.GetFromJsonAsync<List<VantagePointInfo>>(new Uri("api/vantage-points", UriKind.Relative), Token))!
            .Any(p => p.Name == "listening" && p.Online), "agent listening online as two sees it");

        using var opened = await httpTwo.PostAsJsonAsync("api/listeners", new { protocol = "tcp", bindAddress = "127.0.0.1", port = 0, from = "listening" }, Token);
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync(Token));
        var info = (await opened.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPEndPoint.Parse(info.LocalEndPoint), Token);
            await client.GetStream().WriteAsync("via the agent"u8.ToArray(), Token);
            await ScaleOutWait.UntilAsync(async () => (await EventsAsync(httpTwo, info.Id)).Any(e => e.Kind == ListenerEventKind.Data), "the data event through two");
        }

        var listedOnTwo = await httpTwo.GetFromJsonAsync<List<ListenerInfo>>(new Uri("api/listeners", UriKind.Relative), Token);
        using var closed = await httpTwo.DeleteAsync(new Uri($"api/listeners/{info.Id}", UriKind.Relative), Token);
        using var httpOne = pair.Http(pair.One);
        var onOne = await httpOne.GetFromJsonAsync<ListenerInfo>(new Uri($"api/listeners/{info.Id}", UriKind.Relative), Token);

        Assert.Equal("listening", info.From);
        Assert.Single(listedOnTwo!, l => l.Id == info.Id);
        Assert.Equal("via the agent", (await EventsAsync(httpTwo, info.Id)).Single(e => e.Kind == ListenerEventKind.Data).PayloadText);
        Assert.True(closed.IsSuccessStatusCode, await closed.Content.ReadAsStringAsync(Token));
        Assert.Equal(ListenerState.Stopped, onOne!.State);
    }

    [Fact]
    public async Task AgentConnectedToOne_RevokedThroughTwo_IsDisconnectedFromOne()
    {
        var created = await pair.CreateAgentAsync(pair.One, "revoked-elsewhere");
        using var agent = new AgentProcess(null, pair.One.BaseAddress, created.Token, "revoked-host");
        var connections = pair.One.Services.GetRequiredService<Web.Features.Agents.Link.AgentConnections>();
        await ScaleOutWait.UntilAsync(() => Task.FromResult(connections.Find(created.Agent.Id) is not null), "the agent connected to one");
        using var httpTwo = pair.Http(pair.Two);
        await ScaleOutWait.UntilAsync(async () =>
            (await httpTwo.GetFromJsonAsync<List<AgentInfo>>(new Uri("api/agents", UriKind.Relative), Token))!
            .Any(a => a.Id == created.Agent.Id && a.Status == AgentStatus.Online), "agent online as two lists it");

        using var revoked = await httpTwo.DeleteAsync(new Uri($"api/agents/{created.Agent.Id}", UriKind.Relative), Token);

        Assert.True(revoked.IsSuccessStatusCode, await revoked.Content.ReadAsStringAsync(Token));
        Assert.Null(connections.Find(created.Agent.Id));
    }

    [Fact]
    public void WhatOneProtects_TwoReads_SoASignInThroughOneHoldsOnTwo()
    {
        var protectedByOne = pair.One.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("scale-out test").Protect("signed in");

        var readByTwo = pair.Two.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("scale-out test").Unprotect(protectedByOne);

        Assert.Equal("signed in", readByTwo);
    }

    private static async Task<List<ListenerEvent>> EventsAsync(HttpClient http, string listenerId) =>
        (await http.GetFromJsonAsync<List<ListenerEvent>>(new Uri($"api/listeners/{listenerId}/events?after=0", UriKind.Relative), Token))!;
}
