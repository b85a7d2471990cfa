using System.Net;
using System.Text;
using Dashboard.Contracts;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Udp;

namespace Dashboard.Sockets.Tests.Udp;

public sealed class UdpSenderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Engine.LoopbackAddresses), MemberType = typeof(Engine))]
    public async Task Send_ToEchoServer_RepliesWithTheExactPayload(string address)
    {
        using var echo = new UdpPeer(IPAddress.Parse(address), echo: true);

        var result = await Engine.Udp().SendAsync(new UdpSendRequest(address, echo.Port, "Hello World!", WaitReplyMs: 2_000), Token);

        Assert.Equal(UdpState.Replied, result.State);
        Assert.Equal((0, "OK"), (result.Code, result.CodeName));
        Assert.Equal((1, 12L), (result.Sent, result.BytesSent));
        var reply = Assert.Single(result.Replies);
        Assert.Equal("Hello World!", reply.PayloadText);
        Assert.Equal("Hello World!", Encoding.UTF8.GetString(Convert.FromBase64String(reply.PayloadBase64)));
        Assert.Equal(echo.EndPoint.ToString(), reply.From);
        Assert.Equal(12, reply.Bytes);
        Assert.False(reply.Truncated);
        Assert.True(reply.AfterMs >= 0);
        Assert.Equal(address, result.Address);
        Assert.NotNull(result.LocalEndPoint);
    }

    [Fact]
    public async Task Send_ToSilentPeer_IsNoReplyAndSaysWhatThatCannotTell()
    {
        using var silent = new UdpPeer(IPAddress.Loopback, echo: false);

        var result = await Engine.Udp().SendAsync(new UdpSendRequest("127.0.0.1", silent.Port, "ping", WaitReplyMs: 300), Token);

        Assert.Equal(UdpState.NoReply, result.State);
        Assert.Empty(result.Replies);
        Assert.Contains("may be open and silent, or filtered", result.Message, StringComparison.Ordinal);
        Assert.Single(silent.Received);
    }

    [Theory]
    [MemberData(nameof(Engine.LoopbackAddresses), MemberType = typeof(Engine))]
    public async Task Send_ToClosedPort_IsRefusedWithEconnrefused(string address)
    {
        var port = UdpPeer.FreePort(IPAddress.Parse(address));

        var result = await Engine.Udp().SendAsync(new UdpSendRequest(address, port, "anyone?", WaitReplyMs: 5_000), Token);

        Assert.Equal(UdpState.Refused, result.State);
        Assert.Equal((111, "ECONNREFUSED"), (result.Code, result.CodeName));
        Assert.Contains("ICMP port unreachable", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Sent);
    }

    [Theory]
    [InlineData("de ad be ef 00 ff", PayloadEncoding.Hex)]
    [InlineData("3q2+7wD/", PayloadEncoding.Base64)]
    public async Task Send_HexAndBase64_ArriveAsTheExactBytes(string payload, PayloadEncoding encoding)
    {
        using var silent = new UdpPeer(IPAddress.Loopback, echo: false);

        var result = await Engine.Udp().SendAsync(new UdpSendRequest("127.0.0.1", silent.Port, payload, encoding, WaitReplyMs: 100), Token);

        Assert.Equal(6, result.BytesSent);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef, 0x00, 0xff }, Assert.Single(silent.Received));
    }

    [Fact]
    public async Task Send_Count_SendsExactlyThatManyDatagrams()
    {
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);

        var result = await Engine.Udp().SendAsync(new UdpSendRequest("127.0.0.1", echo.Port, "n", Count: 7, IntervalMs: 5, WaitReplyMs: 500), Token);

        Assert.Equal((7, 7L), (result.Sent, result.BytesSent));
        Assert.Equal(7, echo.Received.Count);
        Assert.Equal(7, result.Replies.Count);
    }

    [Fact]
    public async Task Send_MoreRepliesThanTheCap_AreCountedAsDropped()
    {
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);

        var result = await Engine.Udp(new UdpOptions { MaxReplies = 3, ReplyPreviewBytes = 4 })
            .SendAsync(new UdpSendRequest("127.0.0.1", echo.Port, "123456", Count: 5, WaitReplyMs: 500), Token);

        Assert.Equal(3, result.Replies.Count);
        Assert.Equal(2, result.RepliesDropped);
        Assert.All(result.Replies, r => Assert.Equal((6, true, "1234"), (r.Bytes, r.Truncated, r.PayloadText)));
    }

    [Fact]
    public async Task Send_NameInInvalidDomain_IsAnErrorResult()
    {
        var result = await Engine.Udp().SendAsync(new UdpSendRequest("x.invalid", 53, "q"), Token);

        Assert.Equal((UdpState.Error, "EAI_NONAME"), (result.State, result.CodeName));
        Assert.Equal(0, result.Sent);
    }

    public static TheoryData<UdpSendRequest?, string> BadRequests => new()
    {
        { null, "request is required" },
        { new UdpSendRequest("", 53, "x"), "host is required" },
        { new UdpSendRequest("127.0.0.1", 0, "x"), "port must be 1-65535, got 0" },
        { new UdpSendRequest("127.0.0.1", 53, "x", (PayloadEncoding)9), "encoding must be text, hex or base64, got '9'" },
        { new UdpSendRequest("127.0.0.1", 53, "xyz", PayloadEncoding.Hex), "payload is not valid hex" },
        { new UdpSendRequest("127.0.0.1", 53, "***", PayloadEncoding.Base64), "payload is not valid base64" },
        { new UdpSendRequest("127.0.0.1", 53, new string('a', 65_508)), "payload is 65,508 bytes; a UDP datagram over IPv4 carries at most 65,507" },
        { new UdpSendRequest("::1", 53, new string('a', 65_528)), "payload is 65,528 bytes; a UDP datagram carries at most 65,507 over IPv4, 65,527 over IPv6" },
        { new UdpSendRequest("127.0.0.1", 53, "x", Count: 0), "count must be 1-100, got 0" },
        { new UdpSendRequest("127.0.0.1", 53, "x", Count: 1_000_000), "count must be 1-100, got 1000000" },
        { new UdpSendRequest("127.0.0.1", 53, "x", IntervalMs: -1), "intervalMs must be 0-10000, got -1" },
        { new UdpSendRequest("127.0.0.1", 53, "x", WaitReplyMs: 99_999), "waitReplyMs must be 0-30000, got 99999" },
        { new UdpSendRequest("127.0.0.1", 53, "x", Count: 100, IntervalMs: 10_000), "(count - 1) × intervalMs + waitReplyMs must be at most 60,000 ms, got 991,000" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Send_BadRequest_IsRefusedAndNothingIsSent(UdpSendRequest? request, string expected)
    {
        using var silent = new UdpPeer(IPAddress.Loopback, echo: false);
        var aimed = request is { Host: "127.0.0.1" } ? request with { Port = request.Port == 53 ? silent.Port : request.Port } : request;

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => Engine.Udp().SendAsync(aimed, Token));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        await Task.Delay(50, Token);
        Assert.Empty(silent.Received);
    }
}
