using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;

namespace Dashboard.Sockets.Tests.Listeners;

public sealed class ListenerManagerTests : IAsyncDisposable
{
    private readonly ListenerManager _manager = Engine.Listeners(new ListenerOptions { MaxPerOwner = 20, MaxListeners = 20 });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _manager.DisposeAsync();

    private static int PortOf(RunningListener listener) => IPEndPoint.Parse(listener.LocalEndPoint).Port;

    [Fact]
    public async Task Tcp_TheSeedsPythonClient_IsAcceptedThenItsBytesThenClosed()
    {
        var listener = _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0), "test");
        var client = Process.Start(new ProcessStartInfo("python3", ["-c",
            $"import socket; s=socket.socket(); s.connect(('127.0.0.1',{PortOf(listener)})); print(s.getsockname()[1], flush=True); s.send(b'Hello World!'); s.close()"])
            { RedirectStandardOutput = true })!;
        var clientPort = int.Parse((await client.StandardOutput.ReadLineAsync(Token))!, System.Globalization.CultureInfo.InvariantCulture);
        await client.WaitForExitAsync(Token);

        var events = await ListenerEvents.UntilAsync(listener, e => e.Any(x => x.Kind == ListenerEventKind.Closed));

        Assert.Equal([ListenerEventKind.Accepted, ListenerEventKind.Data, ListenerEventKind.Closed], events.Select(e => e.Kind));
        Assert.Equal($"127.0.0.1:{clientPort}", events[0].Peer);
        Assert.Equal(listener.LocalEndPoint, events[0].Local);
        Assert.Equal("Hello World!", Encoding.UTF8.GetString(Convert.FromBase64String(events[1].PayloadBase64!)));
        Assert.Equal(("Hello World!", 12), (events[1].PayloadText, events[1].Bytes));
        Assert.All(events, e => Assert.Equal(1, e.ConnectionId));
        Assert.Equal([1L, 2, 3], events.Select(e => e.Seq));
        var info = listener.Info();
        Assert.Equal((1L, 12L, 0), (info.Connections, info.BytesReceived, info.ActiveConnections));
    }

    [Theory]
    [MemberData(nameof(Engine.LoopbackAddresses), MemberType = typeof(Engine))]
    public async Task Udp_Datagrams_AreEventsWithTheSendersAddress(string address)
    {
        var listener = _manager.Create(new ListenerRequest(ListenerProtocol.Udp, address, 0), "test");
        using var sender = new Socket(IPAddress.Parse(address).AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Parse(address), 0));

        await sender.SendToAsync("one"u8.ToArray(), IPEndPoint.Parse(listener.LocalEndPoint), Token);
        await sender.SendToAsync("two"u8.ToArray(), IPEndPoint.Parse(listener.LocalEndPoint), Token);
        var events = await ListenerEvents.UntilAsync(listener, e => e.Count == 2);

        Assert.Equal(["one", "two"], events.Select(e => e.PayloadText));
        Assert.All(events, e => Assert.Equal((ListenerEventKind.Datagram, sender.LocalEndPoint!.ToString()), (e.Kind, e.Peer)));
        Assert.Equal((2L, 6L, OperatingSystem.IsLinux() ? 0L : null), (listener.Info().Datagrams, listener.Info().BytesReceived, listener.Info().DatagramsLost));
    }

    [Fact]
    public async Task Tcp_EchoAndFixed_Answer()
    {
        var echo = _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, null, 0, Reply: new ListenerReply(ReplyMode.Echo)), "test");
        var banner = _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, null, 0, Reply: new ListenerReply(ReplyMode.Fixed, "53 53 48 2d", PayloadEncoding.Hex)), "test");
        using var a = new TcpClient();
        using var b = new TcpClient();
        await a.ConnectAsync(IPEndPoint.Parse(echo.LocalEndPoint), Token);
        await b.ConnectAsync(IPEndPoint.Parse(banner.LocalEndPoint), Token);

        await a.GetStream().WriteAsync("ping"u8.ToArray(), Token);
        var echoed = new byte[4];
        await a.GetStream().ReadExactlyAsync(echoed, Token);
        var greeted = new byte[4];
        await b.GetStream().ReadExactlyAsync(greeted, Token);

        Assert.Equal("ping", Encoding.ASCII.GetString(echoed));
        Assert.Equal("SSH-", Encoding.ASCII.GetString(greeted));
    }

    [Fact]
    public async Task Udp_EchoAndFixed_ReplyToEachDatagram()
    {
        var echo = _manager.Create(new ListenerRequest(ListenerProtocol.Udp, null, 0, Reply: new ListenerReply(ReplyMode.Echo)), "test");
        var fixedReply = _manager.Create(new ListenerRequest(ListenerProtocol.Udp, null, 0, Reply: new ListenerReply(ReplyMode.Fixed, "pong")), "test");
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var buffer = new byte[100];

        await client.SendToAsync("marco"u8.ToArray(), IPEndPoint.Parse(echo.LocalEndPoint), Token);
        var first = await client.ReceiveAsync(buffer, Token);
        var firstText = Encoding.ASCII.GetString(buffer, 0, first);
        await client.SendToAsync("ping"u8.ToArray(), IPEndPoint.Parse(fixedReply.LocalEndPoint), Token);
        var second = await client.ReceiveAsync(buffer, Token);

        Assert.Equal("marco", firstText);
        Assert.Equal("pong", Encoding.ASCII.GetString(buffer, 0, second));
    }

    [Fact]
    public async Task Ttl_Expiry_StopsTheListenerAndFreesThePort()
    {
        using var expiry = new CancellationTokenSource();
        var expiring = _manager.RunExpiryAsync(expiry.Token);
        var listener = _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, null, 0, TtlSeconds: 1), "test");

        var events = await ListenerEvents.UntilAsync(listener, e => e.Any(x => x.Kind == ListenerEventKind.Stopped));

        Assert.Contains("TTL of 1 s ran out", events[^1].Message, StringComparison.Ordinal);
        Assert.Equal(ListenerState.Stopped, listener.Info().State);
        await expiry.CancelAsync();
        await expiring;
        using var again = new TcpListener(IPAddress.Loopback, PortOf(listener));
        again.Start();
    }

    [Fact]
    public async Task Close_StopsTheListenerFreesThePortAndEndsEveryWatch()
    {
        var listener = _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, null, 0), "test");
        using var client = new TcpClient();
        await client.ConnectAsync(IPEndPoint.Parse(listener.LocalEndPoint), Token);
        var watching = ListenerEvents.UntilAsync(listener, _ => false);
        await ListenerEvents.UntilAsync(listener, e => e.Any(x => x.Kind == ListenerEventKind.Accepted));

        await listener.StopAsync("closed by test");

        var events = await watching;
        Assert.Equal([ListenerEventKind.Accepted, ListenerEventKind.Closed, ListenerEventKind.Stopped], events.Select(e => e.Kind));
        Assert.Equal("stopped: closed by test", events[^1].Message);
        using var again = new TcpListener(IPAddress.Loopback, PortOf(listener));
        again.Start();
    }

    [Fact]
    public async Task Watchers_TwoLive_AndALateOne_SeeEveryEvent()
    {
        var listener = _manager.Create(new ListenerRequest(ListenerProtocol.Udp, null, 0), "test");
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var first = ListenerEvents.UntilAsync(listener, e => e.Count == 3);
        var second = ListenerEvents.UntilAsync(listener, e => e.Count == 3);

        foreach (var word in new[] { "a", "b", "c" })
        {
            await sender.SendToAsync(Encoding.ASCII.GetBytes(word), IPEndPoint.Parse(listener.LocalEndPoint), Token);
        }

        var late = await ListenerEvents.UntilAsync(listener, e => e.Count == 3);
        Assert.Equal(["a", "b", "c"], (await first).Select(e => e.PayloadText));
        Assert.Equal(["a", "b", "c"], (await second).Select(e => e.PayloadText));
        Assert.Equal(["a", "b", "c"], late.Select(e => e.PayloadText));
    }

    [Fact]
    public async Task Tcp_FiveHundredConcurrentConnections_AreAllCounted()
    {
        var listener = _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, null, 0, Backlog: 1024), "test");
        var clients = Enumerable.Range(0, 500).Select(_ => new TcpClient()).ToList();
        try
        {
            await Task.WhenAll(clients.Select(c => c.ConnectAsync(IPEndPoint.Parse(listener.LocalEndPoint), Token).AsTask()));
            var events = await ListenerEvents.UntilAsync(listener, e => e.Count(x => x.Kind == ListenerEventKind.Accepted) == 500);

            Assert.Equal(500, events.Select(e => e.ConnectionId).Distinct().Count());
            Assert.Equal((500L, 500), (listener.Info().Connections, listener.Info().ActiveConnections));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task History_BeyondItsSize_DropsOldEventsButCountsEverything()
    {
        await using var manager = Engine.Listeners(new ListenerOptions { HistoryEvents = 10 });
        var listener = manager.Create(new ListenerRequest(ListenerProtocol.Udp, null, 0), "test");
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var all = ListenerEvents.UntilAsync(listener, e => e.Count == 30);
        for (var i = 0; i < 30; i++)
        {
            await sender.SendToAsync(new byte[] { (byte)i }, IPEndPoint.Parse(listener.LocalEndPoint), Token);
        }

        await all;
        var late = await ListenerEvents.UntilAsync(listener, e => e.Count == 10);

        Assert.Equal(Enumerable.Range(21, 10).Select(i => (long)i), late.Select(e => e.Seq));
        Assert.Equal((30L, 20L), (listener.Info().Datagrams, listener.Info().EventsDropped));
    }

    [Fact]
    public async Task Udp_DatagramsTheKernelDropped_AreCountedAsLost_AndStayCountedAfterClose()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the kernel's drop count (SO_MEMINFO) is Linux's");
        // A receive buffer of a few datagrams, flooded faster than any loop reads: the kernel must drop some.
        await using var manager = Engine.Listeners(new ListenerOptions { UdpReceiveBufferBytes = 4096 });
        var listener = manager.Create(new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", 0), "test");
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Connect(IPEndPoint.Parse(listener.LocalEndPoint));
        const int Sent = 20_000;
        var payload = new byte[1_000];
        for (var i = 0; i < Sent; i++)
        {
            sender.Send(payload);
        }

        var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (listener.Info() is var info && info.Datagrams + (info.DatagramsLost ?? 0) < Sent && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10, Token);
        }

        var counted = listener.Info();
        Assert.True(counted.DatagramsLost > 0, $"{counted.Datagrams} received, {counted.DatagramsLost} lost");
        Assert.Equal(Sent, counted.Datagrams + counted.DatagramsLost);
        await listener.StopAsync("test over");
        Assert.Equal(counted.DatagramsLost, listener.Info().DatagramsLost);
    }

    [Fact]
    public async Task SlowWatcher_IsToldHowManyItMissed()
    {
        await using var manager = Engine.Listeners(new ListenerOptions { WatcherBuffer = 5 });
        var listener = manager.Create(new ListenerRequest(ListenerProtocol.Udp, null, 0), "test");
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await using var slow = listener.WatchAsync(Token).GetAsyncEnumerator(Token);
        var reading = slow.MoveNextAsync();

        for (var i = 0; i < 20; i++)
        {
            await sender.SendToAsync(new byte[] { (byte)i }, IPEndPoint.Parse(listener.LocalEndPoint), Token);
        }

        var deadline = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (listener.Info().Datagrams < 20 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10, Token);
        }

        Assert.True(await reading);
        var seen = new List<ListenerEvent> { slow.Current };
        while (seen.Count(e => e.Kind != ListenerEventKind.Missed) + seen.Where(e => e.Kind == ListenerEventKind.Missed).Sum(e => e.Bytes) < 20 && await slow.MoveNextAsync())
        {
            seen.Add(slow.Current);
        }

        var missed = Assert.Single(seen, e => e.Kind == ListenerEventKind.Missed);
        Assert.Equal(20, seen.Count(e => e.Kind == ListenerEventKind.Datagram) + missed.Bytes);
        Assert.Equal(ListenerEventKind.Missed, seen[^1].Kind);
        Assert.Equal(20L, listener.Info().Datagrams);
        Assert.Contains("missed", missed.Message, StringComparison.Ordinal);
    }

    public static TheoryData<ListenerRequest?, string> BadRequests => new()
    {
        { null, "request is required" },
        { new ListenerRequest((ListenerProtocol)7, null, 0), "protocol must be tcp, udp, unix or unixgram, got '7'" },
        { new ListenerRequest(ListenerProtocol.Tcp, null, 70000), "port must be 0 (any free port) or 1-65535, got 70000" },
        { new ListenerRequest(ListenerProtocol.Tcp, null, -1), "port must be 0 (any free port) or 1-65535, got -1" },
        { new ListenerRequest(ListenerProtocol.Tcp, "db1.internal", 0), "bindAddress must be an IP address of this host" },
        { new ListenerRequest(ListenerProtocol.Tcp, null, 0, Backlog: 0), "backlog must be 1-65535, got 0" },
        { new ListenerRequest(ListenerProtocol.Tcp, null, 0, TtlSeconds: 99_999), "ttlSeconds must be 1-3600, got 99999" },
        { new ListenerRequest(ListenerProtocol.Tcp, null, 0, Reply: new ListenerReply((ReplyMode)7)), "reply.mode must be none, echo or fixed, got '7'" },
        { new ListenerRequest(ListenerProtocol.Tcp, null, 0, Reply: new ListenerReply(ReplyMode.Fixed, "zz", PayloadEncoding.Hex)), "reply.payload is not valid hex" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Create_BadRequest_SaysWhatIsWrong(ListenerRequest? request, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<InvalidRequestException>(() => _manager.Create(request, "test")).Message, StringComparison.Ordinal);

    [Fact]
    public void Create_BeyondTheOwnersCap_IsRefused()
    {
        using var manager = new DisposableManager(new ListenerOptions { MaxPerOwner = 1 });
        manager.Value.Create(new ListenerRequest(ListenerProtocol.Udp, null, 0), "alice");

        var error = Assert.Throws<RequestRefusedException>(() => manager.Value.Create(new ListenerRequest(ListenerProtocol.Udp, null, 0), "alice"));

        Assert.Equal(ErrorKind.LimitReached, error.Kind);
        manager.Value.Create(new ListenerRequest(ListenerProtocol.Udp, null, 0), "bob");

        Assert.StartsWith("you have 1 listeners open, the most one owner may", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_UnknownId_SaysSo() =>
        Assert.Equal("listenerId 'nope' is not an open or recently stopped listener",
            Assert.Throws<RequestRefusedException>(() => _manager.Get("nope")).Message);

    private sealed class DisposableManager(ListenerOptions options) : IDisposable
    {
        public ListenerManager Value { get; } = Engine.Listeners(options);

        public void Dispose() => Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
