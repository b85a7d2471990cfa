using System.Diagnostics;
using System.Net;
using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Sockets.Tests.Probing;

public sealed class TcpProberTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Engine.LoopbackAddresses), MemberType = typeof(Engine))]
    public async Task Probe_ListeningPort_ReportsOpenWithBothEndpoints(string address)
    {
        using var listener = new LoopbackListener(IPAddress.Parse(address));

        var result = await Engine.Prober().ProbeAsync(new ProbeRequest(address, listener.Port), Token);

        Assert.Equal(ProbeState.Open, result.State);
        Assert.Equal(0, result.Code);
        Assert.Equal("OK", result.CodeName);
        Assert.Equal("Success", result.SocketError);
        Assert.Equal(address, result.Address);
        Assert.Equal(listener.EndPoint.ToString(), result.RemoteEndPoint);
        var local = IPEndPoint.Parse(result.LocalEndPoint!);
        Assert.Equal(listener.EndPoint.Address, local.Address);
        Assert.NotEqual(listener.Port, local.Port);
        Assert.True(result.RttMs >= 0);
        Assert.Contains("accepts connections", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engine.LoopbackAddresses), MemberType = typeof(Engine))]
    public async Task Probe_PortWithoutListener_ReportsEconnrefused(string address)
    {
        using var closed = new ClosedPorts(IPAddress.Parse(address), 1);
        var port = closed.Ports[0];

        var result = await Engine.Prober().ProbeAsync(new ProbeRequest(address, port), Token);

        Assert.Equal(ProbeState.Closed, result.State);
        Assert.Equal(OperatingSystem.IsWindows() ? 10061 : 111, result.Code);
        Assert.Equal(OperatingSystem.IsWindows() ? "WSAECONNREFUSED" : "ECONNREFUSED", result.CodeName);
        Assert.Equal("ConnectionRefused", result.SocketError);
        Assert.Null(result.RemoteEndPoint);
        Assert.Contains("reset", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engine.LoopbackAddresses), MemberType = typeof(Engine))]
    public async Task Probe_SaturatedListener_ReportsFilteredAfterTheTimeout(string address)
    {
        using var queue = await SaturatedListener.CreateAsync(IPAddress.Parse(address), Token);
        var started = Stopwatch.GetTimestamp();

        var result = await Engine.Prober().ProbeAsync(new ProbeRequest(address, queue.EndPoint.Port, 400), Token);

        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.Equal(ProbeState.Filtered, result.State);
        Assert.Equal(110, result.Code);
        Assert.Equal("ETIMEDOUT", result.CodeName);
        Assert.Contains("400 ms", result.Message, StringComparison.Ordinal);
        // .NET timers run on the coarse monotonic clock (a few ms per tick), so a timeout may fire a little early.
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(395), TimeSpan.FromMilliseconds(2_400));
        Assert.InRange(result.RttMs!.Value, 395, 2_400);
    }

    [Fact]
    public async Task Probe_Localhost_ResolvesToALoopbackAddressAndSaysWhich()
    {
        using var v4 = new LoopbackListener(IPAddress.Loopback);
        using var v6 = TryListen(IPAddress.IPv6Loopback, v4.Port);

        var result = await Engine.Prober().ProbeAsync(new ProbeRequest("localhost", v4.Port), Token);

        Assert.Equal("localhost", result.Host);
        Assert.True(result.Address is "127.0.0.1" or "::1", result.Address);
        Assert.Equal(v6 is null && result.Address == "::1" ? ProbeState.Closed : ProbeState.Open, result.State);
    }

    [Theory]
    [InlineData("nothing.invalid")]
    [InlineData("a.b.invalid.")]
    public async Task Probe_NameInInvalidDomain_ReportsEaiNonameWithoutAddress(string host)
    {
        var result = await Engine.Prober().ProbeAsync(new ProbeRequest(host, 80), Token);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Equal("EAI_NONAME", result.CodeName);
        Assert.Equal(-2, result.Code);
        Assert.Null(result.Address);
        Assert.Null(result.RttMs);
        Assert.Contains("did not resolve", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_SubdomainOfLocalhost_IsLoopbackWithoutDns()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);

        var result = await Engine.Prober().ProbeAsync(new ProbeRequest("app.localhost", listener.Port), Token);

        Assert.Equal(ProbeState.Open, result.State);
        Assert.Equal("127.0.0.1", result.Address);
    }

    [Fact]
    public async Task Probe_BracketedIpv6Literal_IsAccepted()
    {
        using var listener = new LoopbackListener(IPAddress.IPv6Loopback);

        var result = await Engine.Prober().ProbeAsync(new ProbeRequest("[::1]", listener.Port), Token);

        Assert.Equal(ProbeState.Open, result.State);
        Assert.Equal($"[::1]:{listener.Port}", result.RemoteEndPoint);
    }

    [Fact]
    public async Task Probe_Precanceled_Throws()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Engine.Prober().ProbeAsync(new ProbeRequest("127.0.0.1", listener.Port), new CancellationToken(true)));
    }

    [Fact]
    public async Task Connect_Precanceled_Throws()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Engine.Prober().ConnectAsync(new ResolvedTarget("x", IPAddress.Loopback), listener.Port, 1_000, new CancellationToken(true)));
    }

    [Fact]
    public async Task Probe_CanceledWhileWaiting_ThrowsPromptlyInsteadOfReportingFiltered()
    {
        using var queue = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cancel.CancelAfter(100);
        var started = Stopwatch.GetTimestamp();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Engine.Prober().ProbeAsync(new ProbeRequest("127.0.0.1", queue.EndPoint.Port, 10_000), cancel.Token));

        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Connect_SocketThatConnectsToItself_IsNotReportedOpen()
    {
        var port = LoopbackListener.FreePort(IPAddress.Loopback);
        var self = new IPEndPoint(IPAddress.Loopback, port);

        var result = await Engine.Prober().ConnectAsync(new ResolvedTarget("127.0.0.1", IPAddress.Loopback), port, 1_000, Token, bindTo: self);

        Assert.Equal(ProbeState.Closed, result.State);
        Assert.Equal(OperatingSystem.IsWindows() ? "WSAECONNREFUSED" : "ECONNREFUSED", result.CodeName);
        Assert.Contains("connected to itself", result.Message, StringComparison.Ordinal);
        Assert.Equal(self.ToString(), result.LocalEndPoint);
    }

    private static LoopbackListener? TryListen(IPAddress address, int port)
    {
        try
        {
            return new LoopbackListener(address, port);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }
}
