using System.Net;
using Dashboard.Contracts;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Udp;
using Dashboard.Web.Hub;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Hub;

public sealed class ProbeHubLimitsTests(DashboardHost dashboard) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendUdp_LargestDatagramInItsLongestJson_GoesThrough()
    {
        // Control characters: JSON writes each of them as six bytes (\u0001).
        var text = new string('\u0001', UdpSender.MaxIPv6Payload);
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        using var echo = new UdpPeer(IPAddress.IPv6Loopback, echo: true);
        await using var hub = await dashboard.ConnectHubAsync(Token);

        var result = await hub.InvokeAsync<UdpSendResult>(ProbeHubRoutes.SendUdp,
            new UdpSendRequest("::1", echo.Port, text, PayloadEncoding.Text, WaitReplyMs: 10_000), Token);

        Assert.Equal((UdpState.Replied, (long)UdpSender.MaxIPv6Payload), (result.State, result.BytesSent));
        Assert.Equal(bytes, Assert.Single(echo.Received));
    }

    [Fact]
    public async Task SendUdp_ArgumentOverTheArgumentLimit_IsRefusedWithTheLimitAndTheSize_AndTheConnectionGoesOn()
    {
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        await using var hub = await dashboard.ConnectHubAsync(Token);
        var closed = false;
        hub.Closed += _ =>
        {
            closed = true;
            return Task.CompletedTask;
        };

        // Past the argument limit, below the transport's maximum: the request reaches the hub's filter.
        var payload = new string('a', ProbeHubLimits.MaxArgumentBytes);
        var tooLarge = new UdpSendRequest("127.0.0.1", echo.Port, payload, PayloadEncoding.Hex);
        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<UdpSendResult>(ProbeHubRoutes.SendUdp, tooLarge, Token));

        var size = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(tooLarge, System.Text.Json.JsonSerializerOptions.Web).Length;
        Assert.EndsWith(
            $"HubException: request is {size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes of JSON; SendUdp takes at most 397,258 bytes an argument (the largest datagram in its longest encoding, and room for the rest)",
            error.Message, StringComparison.Ordinal);
        Assert.Empty(echo.Received);
        var result = await hub.InvokeAsync<UdpSendResult>(ProbeHubRoutes.SendUdp, new UdpSendRequest("127.0.0.1", echo.Port, "still here", WaitReplyMs: 10_000), Token);
        Assert.Equal(UdpState.Replied, result.State);
        Assert.Equal(HubConnectionState.Connected, hub.State);
        Assert.False(closed);
    }

    [Fact]
    public async Task AnyCall_MessageOverTheTransportMaximum_ClosesThatConnectionAloneWithAnError()
    {
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        await using var bystander = await dashboard.ConnectHubAsync(Token);
        await using var sender = await dashboard.ConnectHubAsync(Token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };

        var tooLarge = new UdpSendRequest("127.0.0.1", echo.Port, new string('a', ProbeHubLimits.MaxReceiveMessageBytes), PayloadEncoding.Hex);
        var error = await Assert.ThrowsAsync<HubException>(() => sender.InvokeAsync<UdpSendResult>(ProbeHubRoutes.SendUdp, tooLarge, Token));

        // SignalR names no cause unless detailed errors are on (they would show any exception's text to clients).
        Assert.Equal("The server closed the connection with the following error: Connection closed with an error.", error.Message);
        Assert.Equal(error.Message, (await closed.Task.WaitAsync(Token))?.Message);
        Assert.Empty(echo.Received);
        await using var newcomer = await dashboard.ConnectHubAsync(Token);
        foreach (var hub in new[] { bystander, newcomer })
        {
            var result = await hub.InvokeAsync<UdpSendResult>(ProbeHubRoutes.SendUdp, new UdpSendRequest("127.0.0.1", echo.Port, "still here", WaitReplyMs: 10_000), Token);
            Assert.Equal(UdpState.Replied, result.State);
        }
    }
}
