using System.Net;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Udp;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Udp;

public sealed class UdpHubTests(DashboardHost dashboard) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendUdp_EchoServer_RepliedWithThePayloadOnTheWire()
    {
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        await using var hub = await dashboard.ConnectHubAsync(Token);

        var raw = await hub.InvokeAsync<JsonElement>(ProbeHubRoutes.SendUdp,
            new { host = "127.0.0.1", port = echo.Port, payload = "48656c6c6f", encoding = "hex", waitReplyMs = 2000 }, Token);

        Assert.Equal("replied", raw.GetProperty("state").GetString());
        Assert.Equal(5, raw.GetProperty("bytesSent").GetInt32());
        var reply = raw.GetProperty("replies")[0];
        Assert.Equal("Hello", reply.GetProperty("payloadText").GetString());
        Assert.Equal($"127.0.0.1:{echo.Port}", reply.GetProperty("from").GetString());
    }

    [Fact]
    public async Task SendUdp_ClosedPort_IsRefusedAndNoReplyIsSpelledWithADash()
    {
        using var silent = new UdpPeer(IPAddress.Loopback, echo: false);
        await using var hub = await dashboard.ConnectHubAsync(Token);

        var refused = await hub.InvokeAsync<UdpSendResult>(ProbeHubRoutes.SendUdp,
            new UdpSendRequest("127.0.0.1", UdpPeer.FreePort(IPAddress.Loopback), "x", WaitReplyMs: 3000), Token);
        var quiet = await hub.InvokeAsync<JsonElement>(ProbeHubRoutes.SendUdp, new { host = "127.0.0.1", port = silent.Port, payload = "x", waitReplyMs = 100 }, Token);

        Assert.Equal((UdpState.Refused, 111, "ECONNREFUSED"), (refused.State, refused.Code, refused.CodeName));
        Assert.Equal("no-reply", quiet.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("text")]
    [InlineData("hex")]
    [InlineData("base64")]
    public async Task SendUdp_60000Bytes_ArriveIntactInOneDatagramAndTheConnectionStaysUp(string encoding)
    {
        var (payload, bytes) = Payload60000(encoding);
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        await using var hub = await dashboard.ConnectHubAsync(Token);

        var result = await hub.InvokeAsync<UdpSendResult>(ProbeHubRoutes.SendUdp,
            new UdpSendRequest("127.0.0.1", echo.Port, payload, Enum.Parse<PayloadEncoding>(encoding, ignoreCase: true), WaitReplyMs: 10_000), Token);

        Assert.Equal((UdpState.Replied, 60_000L), (result.State, result.BytesSent));
        Assert.Equal(60_000, Assert.Single(result.Replies).Bytes);
        Assert.Equal(bytes, Assert.Single(echo.Received));
        var next = await hub.InvokeAsync<UdpSendResult>(ProbeHubRoutes.SendUdp, new UdpSendRequest("127.0.0.1", echo.Port, "ok", WaitReplyMs: 10_000), Token);
        Assert.Equal(UdpState.Replied, next.State);
    }

    [Theory]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":53,\"payload\":\"zz\",\"encoding\":\"hex\"}", "payload is not valid hex")]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":53,\"payload\":\"x\",\"encoding\":\"ebcdic\"}", "encoding must be one of text, hex, base64, got \"ebcdic\"")]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":53,\"payload\":\"x\",\"count\":5000}", "count must be 1-100, got 5000")]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":99999,\"payload\":\"x\"}", "port must be 1-65535, got 99999")]
    public async Task SendUdp_BadInput_GivesAClearHubExceptionAndTheConnectionKeepsWorking(string json, string expected)
    {
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        await using var hub = await dashboard.ConnectHubAsync(Token);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<UdpSendResult>(ProbeHubRoutes.SendUdp, JsonDocument.Parse(json).RootElement, Token));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        var next = await hub.InvokeAsync<UdpSendResult>(ProbeHubRoutes.SendUdp, new UdpSendRequest("127.0.0.1", echo.Port, "ok", WaitReplyMs: 2000), Token);
        Assert.Equal(UdpState.Replied, next.State);
    }

    // Text full of what JSON escapes (quotes, backslashes, control characters, and '+' and '<' for
    // .NET's default encoder); hex spaced as users write it; base64 of bytes of every value.
    private static (string Payload, byte[] Bytes) Payload60000(string encoding)
    {
        var bytes = Enumerable.Range(0, 60_000).Select(i => (byte)(i * 7)).ToArray();
        return encoding switch
        {
            "text" => Text(string.Concat(Enumerable.Repeat("<a href=\"x\">+&'\\\n\t\u0001</a> ", 4_000))[..60_000]),
            "hex" => (string.Join(' ', bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))), bytes),
            _ => (Convert.ToBase64String(bytes), bytes),
        };

        static (string, byte[]) Text(string text) => (text, System.Text.Encoding.UTF8.GetBytes(text));
    }
}
