using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Listeners;

namespace Dashboard.Sockets.Tests.Listeners;

/// <summary>
/// A listener's accepted connections come out of shares of their own (per listener, per owner, and all listeners a part of
/// the socket budget): past one, a new connection is closed at once and counted, and the rest of the budget stays free.
/// </summary>
public sealed class ListenerConnectionShareTests : IAsyncDisposable
{
    private readonly List<TcpClient> _clients = [];
    private ListenerManager? _manager;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        if (_manager is not null)
        {
            await _manager.DisposeAsync();
        }
    }

    [Fact]
    public async Task PastThePerListenerShare_ConnectionsAreClosedAtOnce_CountedAndToldOnce()
    {
        var listener = Manager(new ListenerOptions { MaxConnectionsPerListener = 5 }).Create(Tcp(), "alice");

        await ConnectAsync(listener, 8);
        var info = await CountedAsync(listener, 8);

        Assert.Equal((5, 3L), (info.ActiveConnections, info.ConnectionsRefused));
        var refusals = (await ListenerEvents.UntilAsync(listener, e => e.Count(x => x.Kind == ListenerEventKind.Accepted) == 5 && e.Any(x => x.Kind == ListenerEventKind.Error)))
            .Where(e => e.Kind == ListenerEventKind.Error).ToList();
        Assert.Contains("5 connections are open, the most one listener keeps", Assert.Single(refusals).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConnectionClosing_MakesRoomForTheNext()
    {
        var listener = Manager(new ListenerOptions { MaxConnectionsPerListener = 2 }).Create(Tcp(), "alice");
        await ConnectAsync(listener, 3);
        await CountedAsync(listener, 3);

        _clients[0].Dispose();
        await WaitAsync(() => listener.Info().ActiveConnections == 1);
        await ConnectAsync(listener, 1);

        var info = await CountedAsync(listener, 4, closed: 1);
        Assert.Equal((2, 1L), (info.ActiveConnections, info.ConnectionsRefused));
    }

    [Fact]
    public async Task PastTheOwnersShare_TheirListenersRefuse_AnotherOwnersStillAccepts()
    {
        var manager = Manager(new ListenerOptions { MaxConnectionsPerOwner = 6 });
        var first = manager.Create(Tcp(), "alice");
        var second = manager.Create(Tcp(), "alice");
        var bobs = manager.Create(Tcp(), "bob");

        await ConnectAsync(first, 4);
        await CountedAsync(first, 4);
        await ConnectAsync(second, 4);
        await ConnectAsync(bobs, 3);

        Assert.Equal((2, 2L), ((await CountedAsync(second, 4)).ActiveConnections, second.Info().ConnectionsRefused));
        Assert.Equal((3, 0L), ((await CountedAsync(bobs, 3)).ActiveConnections, bobs.Info().ConnectionsRefused));
    }

    [Fact]
    public async Task AllListenersTogether_HoldAtMostTheirPartOfTheBudget_SoProbesStillGetSockets()
    {
        var budget = new SocketBudget(40);
        var listener = Manager(new ListenerOptions { ConnectionBudgetPercent = 25 }, budget).Create(Tcp(), "alice");

        await ConnectAsync(listener, 50);
        var info = await CountedAsync(listener, 50);

        Assert.Equal((10, 40L), (info.ActiveConnections, info.ConnectionsRefused));
        Assert.Equal(1 + 10, budget.InUse);
        using var probe = budget.TryLease();
        Assert.NotNull(probe);
    }

    private ListenerManager Manager(ListenerOptions options, SocketBudget? budget = null) =>
        _manager = Engine.Listeners(options, budget);

    private static ListenerRequest Tcp() => new(ListenerProtocol.Tcp, "127.0.0.1", 0, Backlog: 128);

    private async Task ConnectAsync(RunningListener listener, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var client = new TcpClient();
            _clients.Add(client);
            try
            {
                await client.ConnectAsync(IPEndPoint.Parse(listener.LocalEndPoint), Token);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                // Refused so fast that the reset came before the connect returned.
            }
        }
    }

    /// <summary>
    /// The listener's counters once it has accepted <paramref name="accepted"/> connections and decided each (kept, refused, or
    /// kept and since <paramref name="closed"/>).
    /// </summary>
    private static async Task<ListenerInfo> CountedAsync(RunningListener listener, int accepted, int closed = 0)
    {
        await WaitAsync(() => listener.Info() is var i && i.Connections >= accepted && i.ActiveConnections + i.ConnectionsRefused + closed == i.Connections);
        return listener.Info();
    }

    private static async Task WaitAsync(Func<bool> done)
    {
        var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (!done())
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, "the listener did not get there in 10 s");
            await Task.Delay(10, Token);
        }
    }
}
