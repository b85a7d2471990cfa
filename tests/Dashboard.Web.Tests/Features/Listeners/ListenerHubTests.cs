using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Listeners;

public sealed class ListenerHubTests(ListenerHubTests.Host host) : IClassFixture<ListenerHubTests.Host>
{
    public sealed class Host : IDisposable
    {
        public DashboardHost Dashboard { get; } = DashboardHost.With(new() { ["Sockets:Listeners:MaxPerOwner"] = "30", ["Sockets:Listeners:MaxListeners"] = "30" });

        public void Dispose() => Dashboard.Dispose();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateWatchClose_TwoWatchersSeeTheConnectionAndTheStop()
    {
        await using var owner = await host.Dashboard.ConnectHubAsync(Token);
        await using var teammate = await host.Dashboard.ConnectHubAsync(Token);
        var info = await owner.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0, TtlSeconds: 60), Token);
        var first = Collect(owner, info.Id);
        var second = Collect(teammate, info.Id);

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPEndPoint.Parse(info.LocalEndPoint), Token);
            await client.GetStream().WriteAsync("Hello World!"u8.ToArray(), Token);
        }

        await WaitForAsync(owner, info.Id, i => i.Connections == 1 && i.BytesReceived == 12 && i.ActiveConnections == 0);
        await owner.InvokeAsync(ProbeHubRoutes.CloseListener, info.Id, Token);

        foreach (var events in new[] { await first, await second })
        {
            Assert.Equal([ListenerEventKind.Accepted, ListenerEventKind.Data, ListenerEventKind.Closed, ListenerEventKind.Stopped], events.Select(e => e.Kind));
            Assert.Equal("Hello World!", events[1].PayloadText);
        }

        var listed = await owner.InvokeAsync<ListenerInfo[]>(ProbeHubRoutes.ListListeners, Token);
        Assert.Equal(ListenerState.Stopped, Assert.Single(listed, l => l.Id == info.Id).State);
        Assert.Equal(60, (info.ExpiresAt - info.CreatedAt).TotalSeconds);
    }

    [Fact]
    public async Task LateWatcher_GetsTheHistoryFirst()
    {
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);
        var info = await hub.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, new ListenerRequest(ListenerProtocol.Udp, null, 0), Token);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await sender.SendToAsync("early"u8.ToArray(), IPEndPoint.Parse(info.LocalEndPoint), Token);
        await WaitForAsync(hub, info.Id, i => i.Datagrams == 1);

        var watching = Collect(hub, info.Id);
        await hub.InvokeAsync(ProbeHubRoutes.CloseListener, info.Id, Token);

        var events = await watching;
        Assert.Equal((ListenerEventKind.Datagram, "early"), (events[0].Kind, events[0].PayloadText));
        Assert.Equal(ListenerEventKind.Stopped, events[^1].Kind);
    }

    [Theory]
    [InlineData("{\"protocol\":\"icmp\",\"port\":0}", "protocol must be one of tcp, udp, unix, unixgram, got \"icmp\"")]
    [InlineData("{\"protocol\":\"tcp\",\"port\":123456}", "port must be 0 (any free port) or 1-65535, got 123456")]
    [InlineData("{\"protocol\":\"tcp\",\"bindAddress\":\"example\",\"port\":0}", "bindAddress must be an IP address of this host")]
    public async Task CreateListener_BadInput_GivesAClearHubException(string json, string expected)
    {
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, System.Text.Json.JsonDocument.Parse(json).RootElement, Token));

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), error.Message);
        Assert.NotNull(await hub.InvokeAsync<ListenerInfo[]>(ProbeHubRoutes.ListListeners, Token));
    }

    [Fact]
    public async Task CreateListener_BusyPort_SaysEaddrinuse()
    {
        using var busy = new LoopbackListener(IPAddress.Loopback);
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", busy.Port), Token));

        Assert.Contains($"port {busy.Port} is already in use on 127.0.0.1 by a socket that is not one of these listeners (98 EADDRINUSE)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProbeHubRoutes.WatchListener)]
    [InlineData(ProbeHubRoutes.CloseListener)]
    public async Task UnknownListenerId_SaysSo(string method)
    {
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            if (method == ProbeHubRoutes.CloseListener)
            {
                await hub.InvokeAsync(method, "nope", Token);
            }
            else
            {
                await foreach (var _ in hub.StreamAsync<ListenerEvent>(method, "nope", Token))
                {
                }
            }
        });

        Assert.Contains("listenerId 'nope' is not an open or recently stopped listener", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<ListenerEvent>> Collect(HubConnection hub, string id)
    {
        var events = new List<ListenerEvent>();
        await foreach (var e in hub.StreamAsync<ListenerEvent>(ProbeHubRoutes.WatchListener, id, Token))
        {
            events.Add(e);
        }

        return events;
    }

    private static async Task WaitForAsync(HubConnection hub, string id, Func<ListenerInfo, bool> condition)
    {
        for (var i = 0; i < 500; i++)
        {
            var listed = await hub.InvokeAsync<ListenerInfo[]>(ProbeHubRoutes.ListListeners, Token);
            if (condition(listed.Single(l => l.Id == id)))
            {
                return;
            }

            await Task.Delay(10, Token);
        }

        Assert.Fail("the listener never reached the expected counters");
    }
}
