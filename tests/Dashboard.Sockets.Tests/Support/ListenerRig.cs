using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;

namespace Dashboard.Sockets.Tests.Support;

/// <summary>The listener managers and UDP client sockets a test class opens, all closed when it is disposed.</summary>
public sealed class ListenerRig : IAsyncDisposable
{
    private readonly List<ListenerManager> _managers = [];
    private readonly List<Socket> _clients = [];

    /// <summary>A listener on 127.0.0.1, port 0, in a manager of its own (so options and time are per listener).</summary>
    public RunningListener Open(ListenerProtocol protocol, ListenerReply? reply = null, ListenerOptions? options = null, TimeProvider? time = null,
        IListenerReplyPolicy? replies = null)
    {
        var manager = Engine.Listeners(options, time: time, replies: replies);
        _managers.Add(manager);
        return manager.Create(new ListenerRequest(protocol, "127.0.0.1", 0, Reply: reply), "test");
    }

    /// <summary>An IPv4 UDP socket bound to <paramref name="address"/> (a loopback address), port 0.</summary>
    public Socket UdpClient(string address = "127.0.0.1")
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        foreach (var manager in _managers)
        {
            await manager.DisposeAsync();
        }
    }
}
