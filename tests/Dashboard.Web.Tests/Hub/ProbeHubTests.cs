using System.Net;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Probe;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Hub;

public sealed class ProbeHubTests(ProbeHubTests.Host host) : IClassFixture<ProbeHubTests.Host>
{
    public sealed class Host : IDisposable
    {
        public DashboardHost Dashboard { get; } = DashboardHost.With(new() { ["Sockets:Probe:MaxTimeoutMs"] = "10000" });

        public void Dispose() => Dashboard.Dispose();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Probe_OpenPort_ReturnsEveryFieldOfTheContract()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var result = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", listener.Port), Token);

        Assert.Equal(ProbeState.Open, result.State);
        Assert.Equal((0, "OK", "Success"), (result.Code, result.CodeName, result.SocketError));
        Assert.Equal(("127.0.0.1", "127.0.0.1", listener.Port), (result.Host, result.Address, result.Port));
        Assert.Equal($"127.0.0.1:{listener.Port}", result.RemoteEndPoint);
        Assert.StartsWith("127.0.0.1:", result.LocalEndPoint, StringComparison.Ordinal);
        Assert.NotNull(result.RttMs);
        Assert.NotEmpty(result.Message);
        Assert.True(DateTimeOffset.UtcNow - result.At < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Probe_ClosedPort_ReturnsEconnrefused()
    {
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        var port = closed.Ports[0];
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var result = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", port), Token);

        Assert.Equal(ProbeState.Closed, result.State);
        Assert.Equal((111, "ECONNREFUSED"), (result.Code, result.CodeName));
    }

    [Fact]
    public async Task Probe_OnTheWire_IsCamelCaseWithLowerCaseState()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var raw = await hub.InvokeAsync<JsonElement>(ProbeHubRoutes.Probe, new { host = "127.0.0.1", port = listener.Port }, Token);

        Assert.Equal("open", raw.GetProperty("state").GetString());
        Assert.Equal("OK", raw.GetProperty("codeName").GetString());
        foreach (var field in new[] { "host", "address", "port", "code", "socketError", "message", "rttMs", "localEndPoint", "remoteEndPoint", "at" })
        {
            Assert.True(raw.TryGetProperty(field, out _), $"missing {field}");
        }
    }

    public static TheoryData<object, string> BadRequests => new()
    {
        { new { host = "127.0.0.1", port = 70000 }, "port must be 1-65535, got 70000" },
        { new { host = "127.0.0.1", port = 0 }, "port must be 1-65535, got 0" },
        { new { host = "", port = 80 }, "host is required" },
        { new { port = 80 }, "host is required" },
        { new { host = "a b", port = 80 }, "host 'a b' is not a valid name or address" },
        { new { host = "db1:5432", port = 80 }, "put 5432 in the port field" },
        { new { host = new string('x', 300), port = 80 }, "host must be at most 253 characters, got 300" },
        { new { host = "127.0.0.1", port = 80, timeoutMs = 0 }, "timeoutMs must be 1-10000, got 0" },
        { new { host = "127.0.0.1", port = 80, timeoutMs = 99999 }, "timeoutMs must be 1-10000, got 99999" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Probe_BadInput_GivesAClearHubExceptionAndTheConnectionKeepsWorking(object request, string expected)
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, request, Token));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, hub.State);
        var next = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", listener.Port), Token);
        Assert.Equal(ProbeState.Open, next.State);
    }

    [Fact]
    public async Task Probe_NullRequest_SaysWhatIsExpected()
    {
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, null, Token));

        Assert.Contains("request is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_WrongJsonType_NamesTheFieldAndFailsThatCallOnly()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        await using var hub = await host.Dashboard.ConnectHubAsync(Token);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new { host = "127.0.0.1", port = "eighty" }, Token));

        Assert.EndsWith("port must be a whole number, got \"eighty\"", error.Message, StringComparison.Ordinal);

        var next = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", listener.Port), Token);
        Assert.Equal(ProbeState.Open, next.State);
    }
}
