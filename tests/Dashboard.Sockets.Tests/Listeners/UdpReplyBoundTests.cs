using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.Tests.Support;

namespace Dashboard.Sockets.Tests.Listeners;

/// <summary>A UDP listener's reply is never much larger than what it answers: a listener must not be a reflector.</summary>
public sealed class UdpReplyBoundTests : IAsyncDisposable
{
    private readonly ListenerManager _manager = Engine.Listeners();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _manager.DisposeAsync();

    [Fact]
    public async Task FixedReplyOf65000Bytes_ToAOneByteDatagram_IsCutToTheBound()
    {
        var listener = _manager.Create(new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", 0,
            Reply: new ListenerReply(ReplyMode.Fixed, new string('x', 65_000))), "test");
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var buffer = new byte[65_536];

        await client.SendToAsync(new byte[] { 1 }, IPEndPoint.Parse(listener.LocalEndPoint), Token);
        var received = await client.ReceiveAsync(buffer, Token);

        var bound = Math.Max(new ListenerOptions().UdpReplyFloorBytes, new ListenerOptions().UdpReplyFactor * 1);
        Assert.Equal(bound, received);
        Assert.Equal(new string('x', bound), System.Text.Encoding.ASCII.GetString(buffer, 0, received));
    }
}
