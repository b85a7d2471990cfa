using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Udp;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Tests.Budget;

/// <summary>Past the socket budget, new work is refused with a limit and a retry time; work already holding sockets goes on.</summary>
public sealed class BudgetRefusalTests
{
    private const string Spent = "all 1 sockets of this server's budget are in use";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Probe_WhenNoSocketComesFree_IsRefusedAsLimitReachedWithRetryAfter_AndWorksOnceOneIs()
    {
        var budget = new SocketBudget(1);
        var prober = new TcpProber(Options.Create(new ProbeOptions()), TimeProvider.System, budget);
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        var held = budget.TryLease()!;

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => prober.ProbeAsync(new ProbeRequest("127.0.0.1", closed.Ports[0]), Token));

        Assert.Equal((ErrorKind.LimitReached, TimeSpan.FromSeconds(5)), (refused.Kind, refused.RetryAfter));
        Assert.StartsWith($"a probe needs a socket, and {Spent}", refused.Message, StringComparison.Ordinal);
        held.Dispose();
        Assert.Equal(ProbeState.Closed, (await prober.ProbeAsync(new ProbeRequest("127.0.0.1", closed.Ports[0]), Token)).State);
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public async Task UdpSend_WhenNoSocketComesFree_IsRefusedBeforeSending()
    {
        var budget = new SocketBudget(1) { RetryAfter = TimeSpan.FromSeconds(7) };
        var sender = new UdpSender(Options.Create(new UdpOptions()), TimeProvider.System, budget);
        using var peer = new UdpPeer(IPAddress.Loopback, echo: true);
        using var held = budget.TryLease();

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => sender.SendAsync(new UdpSendRequest("127.0.0.1", peer.Port, "hello"), Token));

        Assert.Equal((ErrorKind.LimitReached, TimeSpan.FromSeconds(7)), (refused.Kind, refused.RetryAfter));
        Assert.StartsWith($"a UDP send needs a socket, and {Spent}", refused.Message, StringComparison.Ordinal);
        Assert.Empty(peer.Received);
    }

    [Fact]
    public async Task ListenerConnection_PastTheBudget_IsClosedAtOnceWithAnErrorEvent_AndConnectionsGiveTheirSocketBack()
    {
        // Three sockets, the listeners' share two connections (90 %): the budget, not the share, runs out first, because
        // other work (a probe, say) holds one of the three.
        var budget = new SocketBudget(3);
        Assert.True(budget.TryTake());
        await using var listeners = Engine.Listeners(new Dashboard.Sockets.Listeners.ListenerOptions { ConnectionBudgetPercent = 90 }, budget: budget);
        var listener = listeners.Create(new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0), "test");
        var at = IPEndPoint.Parse(listener.LocalEndPoint);

        using var kept = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await kept.ConnectAsync(at, Token);
        await ListenerEvents.UntilAsync(listener, e => e.Any(x => x.Kind == ListenerEventKind.Accepted));
        var turnedAway = await ClosedByPeerAsync(at);
        var events = await ListenerEvents.UntilAsync(listener, e => e.Any(x => x.Kind == ListenerEventKind.Error));

        Assert.StartsWith("connection 2 closed at once: all 3 sockets of the server's budget are in use", events.Single(e => e.Kind == ListenerEventKind.Error).Message, StringComparison.Ordinal);
        Assert.True(turnedAway);
        Assert.Equal(3, budget.InUse);
        kept.Close();
        await ListenerEvents.UntilAsync(listener, e => e.Count(x => x.Kind == ListenerEventKind.Closed) == 1);
        Assert.Equal(2, budget.InUse);
    }

    /// <summary>Connects and reads: true when the peer reset or closed the connection (the reset may already end the connect).</summary>
    private static async Task<bool> ClosedByPeerAsync(IPEndPoint at)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(at, Token);
            return await socket.ReceiveAsync(new byte[1], Token) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }
}
