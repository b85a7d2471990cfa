using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;

namespace Dashboard.Sockets.Tests.Listeners;

/// <summary>
/// One listener per protocol, address and port, the wildcard included, as the OS has it without <c>SO_REUSEPORT</c>:
/// a second listener on a port another holds would have the kernel split the connections between the two.
/// </summary>
public sealed class ListenerPortConflictTests : IAsyncDisposable
{
    private readonly ListenerManager _manager = Engine.Listeners(new ListenerOptions { MaxPerOwner = 20, MaxListeners = 20 });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _manager.DisposeAsync();

    public static TheoryData<ListenerProtocol, string, string> Overlapping => new()
    {
        { ListenerProtocol.Tcp, "127.0.0.1", "127.0.0.1" },
        { ListenerProtocol.Tcp, "0.0.0.0", "127.0.0.1" },
        { ListenerProtocol.Tcp, "127.0.0.1", "0.0.0.0" },
        { ListenerProtocol.Tcp, "::", "127.0.0.1" },
        { ListenerProtocol.Tcp, "127.0.0.1", "::" },
        { ListenerProtocol.Tcp, "::1", "::" },
        { ListenerProtocol.Tcp, "::1", "::1" },
        { ListenerProtocol.Tcp, "127.0.0.1", "::ffff:127.0.0.1" },
        { ListenerProtocol.Udp, "0.0.0.0", "127.0.0.1" },
        { ListenerProtocol.Udp, "127.0.0.1", "127.0.0.1" },
    };

    [Theory]
    [MemberData(nameof(Overlapping))]
    public void SecondListener_OnAPortAnotherHolds_IsRefusedAsAConflict(ListenerProtocol protocol, string first, string second)
    {
        var holder = _manager.Create(new ListenerRequest(protocol, first, 0), "alice");
        var port = IPEndPoint.Parse(holder.LocalEndPoint).Port;

        var error = Assert.Throws<RequestRefusedException>(() => _manager.Create(new ListenerRequest(protocol, second, port), "bob"));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains($"port {port} is already in use", error.Message, StringComparison.Ordinal);
        Assert.Single(_manager.List(), l => !l.IsStopped);
    }

    [Fact]
    public async Task SecondTcpListener_IsRefused_SoEveryConnectionReachesTheFirst()
    {
        var holder = _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, "0.0.0.0", 0), "alice");
        var port = IPEndPoint.Parse(holder.LocalEndPoint).Port;
        Assert.Throws<RequestRefusedException>(() => _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", port), "bob"));

        for (var i = 0; i < 20; i++)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), Token);
        }

        await ListenerEvents.UntilAsync(holder, e => e.Count(x => x.Kind == ListenerEventKind.Accepted) == 20);
        Assert.Equal(20L, holder.Info().Connections);
    }

    [Fact]
    public void DifferentProtocolsOrAddresses_OnOnePort_AreAllowed()
    {
        var tcp = _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0), "alice");
        var port = IPEndPoint.Parse(tcp.LocalEndPoint).Port;

        _manager.Create(new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", port), "bob");
        _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.2", port), "bob");

        Assert.Equal(3, _manager.List().Count(l => !l.IsStopped));
    }

    [Fact]
    public void ForeignSocket_WithReusePort_OnThePort_IsAClearConflict()
    {
        // What .NET's ReuseAddress does on Linux (SO_REUSEADDR and SO_REUSEPORT): a kernel that shares the port with
        // any other socket that asks the same. Listeners must not ask it, so this one's port stays its own.
        using var foreign = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        foreign.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        foreign.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        foreign.Listen(16);
        var port = ((IPEndPoint)foreign.LocalEndPoint!).Port;

        var error = Assert.Throws<RequestRefusedException>(() => _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", port), "bob"));

        AssertForeignConflict(error, port);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    public void ForeignSocket_OnTheAddressOrTheWildcard_IsAClearConflictWithErrno98(string foreignAddress)
    {
        using var foreign = new LoopbackListener(IPAddress.Parse(foreignAddress));

        var error = Assert.Throws<RequestRefusedException>(() => _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", foreign.Port), "bob"));

        AssertForeignConflict(error, foreign.Port);
    }

    [Fact]
    public async Task ClosedListener_GivesItsPortBack()
    {
        var holder = _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0), "alice");
        var port = IPEndPoint.Parse(holder.LocalEndPoint).Port;
        await holder.StopAsync("test");

        var again = _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, "0.0.0.0", port), "bob");

        Assert.Equal($"0.0.0.0:{port}", again.LocalEndPoint);
    }

    private static void AssertForeignConflict(RequestRefusedException error, int port)
    {
        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal($"port {port} is already in use on 127.0.0.1 by a socket that is not one of these listeners (98 EADDRINUSE)", error.Message);
    }
}
