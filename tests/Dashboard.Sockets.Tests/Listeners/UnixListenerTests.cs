using System.Diagnostics;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.UnixSockets;

namespace Dashboard.Sockets.Tests.Listeners;

/// <summary>unix and unixgram listeners, with Python's <c>socket.AF_UNIX</c> as the client.</summary>
public sealed class UnixListenerTests : IAsyncDisposable
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly UnixSocketLab _lab = new();
    private readonly ListenerManager _manager = Engine.Listeners(new ListenerOptions { MaxPerOwner = 20, MaxListeners = 20 });

    private IReadOnlyList<UnixPathAllowance> Allowed => [new("test", [_lab.Allowed])];

    private RunningListener Open(ListenerProtocol protocol, string path, ListenerReply? reply = null, int? ttl = null) =>
        _manager.Create(new ListenerRequest(protocol, null, 0, TtlSeconds: ttl, Reply: reply) { Path = path }, "test", Allowed);

    [Fact]
    public async Task Unix_Echo_PythonGetsItsBytesBack_AndTheFileIs0660_AndGoneWhenStopped()
    {
        var path = Path.Combine(_lab.Allowed, "echo.sock");
        var listener = Open(ListenerProtocol.Unix, path, new ListenerReply(ReplyMode.Echo));

        var answer = await PythonAsync(
            "import socket, sys\ns = socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\ns.sendall(b'hello unix')\nprint(s.recv(100).decode())\ns.close()", path);
        var events = await ListenerEvents.UntilAsync(listener, e => e.Any(x => x.Kind == ListenerEventKind.Closed));

        Assert.Equal("hello unix", answer);
        Assert.Equal([ListenerEventKind.Accepted, ListenerEventKind.Data, ListenerEventKind.Sent, ListenerEventKind.Closed], events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal(path, e.Local));
        Assert.Equal((ListenerProtocol.Unix, path, 1L, 10L), (listener.Info().Protocol, listener.Info().LocalEndPoint, listener.Info().Connections, listener.Info().BytesReceived));
        Assert.Equal("660", Convert.ToString((int)new FileInfo(path).UnixFileMode, 8));

        await listener.StopAsync("test over");

        Assert.False(Path.Exists(path), "the socket file is still there after the listener stopped");
    }

    [Fact]
    public async Task Unix_FixedReply_IsTheBannerPythonReads()
    {
        var path = Path.Combine(_lab.Allowed, "banner.sock");
        Open(ListenerProtocol.Unix, path, new ListenerReply(ReplyMode.Fixed, "220 hi\r\n"));

        var answer = await PythonAsync("import socket, sys\ns = socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\nprint(repr(s.recv(100)))", path);

        Assert.Equal("b'220 hi\\r\\n'", answer);
    }

    [Fact]
    public async Task Unixgram_Echo_ReachesASenderThatBoundItsOwnPath()
    {
        var path = Path.Combine(_lab.Allowed, "dgram.sock");
        var client = Path.Combine(_lab.Allowed, "client.sock");
        var listener = Open(ListenerProtocol.UnixDatagram, path, new ListenerReply(ReplyMode.Echo));

        var answer = await PythonAsync(
            "import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\ns.bind(sys.argv[2])\ns.settimeout(10)\ns.sendto(b'ping', sys.argv[1])\nprint(s.recv(100).decode())",
            path, client);
        var events = await ListenerEvents.UntilAsync(listener, e => e.Any(x => x.Kind == ListenerEventKind.Sent));

        Assert.Equal("ping", answer);
        Assert.Equal((ListenerEventKind.Datagram, client, "ping", null), (events[0].Kind, events[0].Peer, events[0].PayloadText, events[0].Message));
        Assert.Equal((1L, 1L), (listener.Info().Datagrams, listener.Info().Sends));
    }

    [Fact]
    public async Task Unixgram_ASenderWithoutAName_GetsNoReply_AndTheEventSaysWhy()
    {
        var path = Path.Combine(_lab.Allowed, "dgram.sock");
        var listener = Open(ListenerProtocol.UnixDatagram, path, new ListenerReply(ReplyMode.Echo));

        await PythonAsync("import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\ns.sendto(b'ping', sys.argv[1])\nprint('sent')", path);
        var events = await ListenerEvents.UntilAsync(listener, e => e.Count == 1);

        Assert.Equal((ListenerEventKind.Datagram, null, "no reply: the sender bound no name of its own, so a reply has nowhere to go"),
            (events[0].Kind, events[0].Peer, events[0].Message));
        Assert.Equal(0L, listener.Info().Sends);
    }

    [Fact]
    public async Task Unixgram_ASenderBoundOutsideTheAllowedDirectories_GetsNoReply()
    {
        var path = Path.Combine(_lab.Allowed, "dgram.sock");
        var listener = Open(ListenerProtocol.UnixDatagram, path, new ListenerReply(ReplyMode.Echo));

        await PythonAsync("import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\ns.bind(sys.argv[2])\ns.sendto(b'ping', sys.argv[1])\nprint('sent')",
            path, Path.Combine(_lab.Outside, "c.sock"));
        var events = await ListenerEvents.UntilAsync(listener, e => e.Count == 1);

        Assert.StartsWith($"no reply: path: {_lab.Outside}/c.sock is outside the directories allowed", events[0].Message, StringComparison.Ordinal);
        Assert.Equal((0L, 1L), (listener.Info().Sends, listener.Info().RepliesDenied));
    }

    [Fact]
    public async Task Ttl_WhenItRunsOut_TheSocketFileIsRemoved()
    {
        var path = Path.Combine(_lab.Allowed, "short.sock");
        var listener = Open(ListenerProtocol.Unix, path, ttl: 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var expiry = _manager.RunExpiryAsync(stop.Token);

        var events = await ListenerEvents.UntilAsync(listener, e => e.Any(x => x.Kind == ListenerEventKind.Stopped));
        await stop.CancelAsync();
        await expiry;

        Assert.Contains("TTL", events[^1].Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(path), "the socket file outlived its listener's TTL");
    }

    [Fact]
    public async Task TwoListenersOnOnePath_TheSecondIsRefused_NamingTheFirst()
    {
        var path = Path.Combine(_lab.Allowed, "one.sock");
        var first = Open(ListenerProtocol.Unix, path);

        var refused = Assert.Throws<RequestRefusedException>(() => Open(ListenerProtocol.UnixDatagram, path));

        Assert.Equal((ErrorKind.Conflict, $"path {path} is already bound by listener {first.Id} (test's unix://{path}): one listener per path; close it or pick another path"),
            (refused.Kind, refused.Message));
        await first.StopAsync("done");
        Assert.Equal(path, Open(ListenerProtocol.UnixDatagram, path).LocalEndPoint);
    }

    [Fact]
    public async Task AFileSwappedInAtThePath_IsNotRemovedWhenTheListenerStops()
    {
        var path = Path.Combine(_lab.Allowed, "mine.sock");
        var listener = Open(ListenerProtocol.Unix, path);
        File.Move(path, Path.Combine(_lab.Allowed, "moved.sock"));
        await File.WriteAllTextAsync(path, "someone else's", Token);

        await listener.StopAsync("done");

        Assert.Equal("someone else's", await File.ReadAllTextAsync(path, Token));
    }

    private static async Task<string> PythonAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var python = Process.Start(start)!;
        var output = await python.StandardOutput.ReadToEndAsync(Token);
        var error = await python.StandardError.ReadToEndAsync(Token);
        await python.WaitForExitAsync(Token);
        Assert.True(python.ExitCode == 0, $"python3 failed: {error}");
        return output.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await _manager.DisposeAsync();
        _lab.Dispose();
    }
}
