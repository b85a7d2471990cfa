using System.Net;
using System.Net.Sockets;
using System.Text;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Sockets.Tests.Listeners;

/// <summary>
/// A listener talks back as ncat does: bytes typed by hand go into an open TCP connection, or as a datagram to a UDP source
/// it heard from (checked as its replies are); every reply and every send is a <c>sent</c> event, counted.
/// </summary>
public sealed class ListenerSendTests : IAsyncDisposable
{
    private readonly ListenerRig _rig = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task SendByHand_OnAnOpenTcpConnection_ArrivesAtThePeer_AndIsASentEvent()
    {
        var listener = Open(ListenerProtocol.Tcp);
        using var client = new TcpClient();
        await client.ConnectAsync(IPEndPoint.Parse(listener.LocalEndPoint), Token);
        var accepted = (await ListenerEvents.UntilAsync(listener, e => e.Any(x => x.Kind == ListenerEventKind.Accepted)))
            .Single(e => e.Kind == ListenerEventKind.Accepted);

        var sent = await listener.SendAsync(new ListenerSendRequest(accepted.ConnectionId, null, "68 65 6c 6c 6f", PayloadEncoding.Hex), "alice", Token);
        var buffer = new byte[16];
        var read = await client.GetStream().ReadAtLeastAsync(buffer, 5, cancellationToken: Token);

        Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal((ListenerEventKind.Sent, accepted.ConnectionId, 5, "hello", "sent by alice"),
            (sent.Kind, sent.ConnectionId, sent.Bytes, sent.PayloadText, sent.Message));
        Assert.Equal((1L, 5L), (listener.Info().Sends, listener.Info().BytesSent));
    }

    [Fact]
    public async Task SendByHand_ToAConnectionThatIsNotOpen_IsNotFound_AndAUdpPeerNeverHeard_IsRefused()
    {
        var tcp = Open(ListenerProtocol.Tcp);
        var udp = Open(ListenerProtocol.Udp);

        var noConnection = await Assert.ThrowsAnyAsync<RequestRefusedException>(() =>
            tcp.SendAsync(new ListenerSendRequest(7, null, "x"), "alice", Token));
        var stranger = await Assert.ThrowsAnyAsync<RequestRefusedException>(() =>
            udp.SendAsync(new ListenerSendRequest(null, "127.0.0.1:9", "x"), "alice", Token));
        var noPeer = await Assert.ThrowsAnyAsync<RequestRefusedException>(() =>
            udp.SendAsync(new ListenerSendRequest(null, "nowhere", "x"), "alice", Token));

        Assert.Equal((ErrorKind.NotFound, $"connectionId 7 is not an open connection of listener {tcp.Id}"), (noConnection.Kind, noConnection.Message));
        Assert.Equal(ErrorKind.Forbidden, stranger.Kind);
        Assert.Contains("has not sent this listener a datagram lately", stranger.Message, StringComparison.Ordinal);
        Assert.StartsWith("peer is required for a UDP listener", noPeer.Message, StringComparison.Ordinal);
        Assert.Equal(0L, udp.Info().Sends);
    }

    [Fact]
    public async Task SendByHand_ToAUdpSourceItHeard_IsADatagram_BoundedAsAReplyIs()
    {
        var listener = Open(ListenerProtocol.Udp);
        var client = Client();
        await client.SendToAsync("hi"u8.ToArray(), IPEndPoint.Parse(listener.LocalEndPoint), Token);
        await ListenerEvents.UntilAsync(listener, e => e.Any(x => x.Kind == ListenerEventKind.Datagram));
        var peer = client.LocalEndPoint!.ToString();

        var sent = await listener.SendAsync(new ListenerSendRequest(null, peer, "hello"), "alice", Token);
        var buffer = new byte[100];
        var read = await client.ReceiveAsync(buffer, Token);
        var tooLarge = await Assert.ThrowsAnyAsync<RequestRefusedException>(() =>
            listener.SendAsync(new ListenerSendRequest(null, peer, new string('x', 65)), "alice", Token));

        Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal((ListenerEventKind.Sent, peer, 5), (sent.Kind, sent.Peer, sent.Bytes));
        Assert.Contains("payload is 65 bytes; a datagram to 127.0.0.1:", tooLarge.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendsByHand_ToAUdpSource_AreHeldToItsReplyRate()
    {
        var listener = Open(ListenerProtocol.Udp, new ListenerOptions { UdpRepliesPerSecondPerSource = 2 }, new FakeTimeProvider());
        var client = Client();
        await client.SendToAsync("hi"u8.ToArray(), IPEndPoint.Parse(listener.LocalEndPoint), Token);
        await ListenerEvents.UntilAsync(listener, e => e.Any(x => x.Kind == ListenerEventKind.Datagram));
        var send = new ListenerSendRequest(null, client.LocalEndPoint!.ToString(), "x");

        await listener.SendAsync(send, "alice", Token);
        await listener.SendAsync(send, "alice", Token);
        var third = await Assert.ThrowsAnyAsync<RequestRefusedException>(() => listener.SendAsync(send, "alice", Token));

        Assert.EndsWith("the most one source gets (Sockets:Listeners:UdpRepliesPerSecondPerSource)", third.Message, StringComparison.Ordinal);
        Assert.Equal((2L, 1L), (listener.Info().Sends, listener.Info().RepliesThrottled));
    }

    [Theory]
    [InlineData(ListenerProtocol.Tcp)]
    [InlineData(ListenerProtocol.Udp)]
    public async Task EchoReplies_AreSentEvents_WithTheirBytes_AndCounted(ListenerProtocol protocol)
    {
        var listener = Open(protocol, reply: new ListenerReply(ReplyMode.Echo));
        var buffer = new byte[100];
        int read;
        if (protocol == ListenerProtocol.Tcp)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPEndPoint.Parse(listener.LocalEndPoint), Token);
            await client.GetStream().WriteAsync("ping"u8.ToArray(), Token);
            read = await client.GetStream().ReadAtLeastAsync(buffer, 4, cancellationToken: Token);
        }
        else
        {
            var client = Client();
            await client.SendToAsync("ping"u8.ToArray(), IPEndPoint.Parse(listener.LocalEndPoint), Token);
            read = await client.ReceiveAsync(buffer, Token);
        }

        var sent = (await ListenerEvents.UntilAsync(listener, e => e.Any(x => x.Kind == ListenerEventKind.Sent))).Single(e => e.Kind == ListenerEventKind.Sent);

        Assert.Equal(4, read);
        Assert.Equal((4, "ping", "echo"), (sent.Bytes, sent.PayloadText, sent.Message));
        Assert.Equal((1L, 4L), (listener.Info().Sends, listener.Info().BytesSent));
    }

    private RunningListener Open(ListenerProtocol protocol, ListenerOptions? options = null, TimeProvider? time = null, ListenerReply? reply = null) =>
        _rig.Open(protocol, reply, options, time, TargetPolicyReplies.Shipped);

    private Socket Client() => _rig.UdpClient();
}
