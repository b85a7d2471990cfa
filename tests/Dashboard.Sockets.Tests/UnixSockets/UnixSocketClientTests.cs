using System.Net.Sockets;
using Dashboard.Contracts.Unix;
using Dashboard.Sockets.UnixSockets;
using Microsoft.Extensions.Options;


namespace Dashboard.Sockets.Tests.UnixSockets;

public sealed class UnixSocketClientTests : IDisposable
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly UnixSocketLab _lab = new();
    private readonly UnixSocketClient _client = new(Options.Create(new UnixSocketOptions()), TimeProvider.System);

    private IReadOnlyList<UnixPathAllowance> Allowed => [new("test", [_lab.Allowed])];

    [Fact]
    public async Task Probe_EachCase_GivesTheErrnoPythonsConnectExGives()
    {
        using var live = _lab.Listen(Path.Combine(_lab.Allowed, "live.sock"));
        using var datagram = _lab.BindDatagram(Path.Combine(_lab.Allowed, "dgram.sock"));
        var dead = UnixSocketLab.Dead(Path.Combine(_lab.Allowed, "dead.sock"));
        var file = Path.Combine(_lab.Allowed, "file.txt");
        await File.WriteAllTextAsync(file, "not a socket", Token);
        (string Path, bool Stream, UnixSocketState State, string Name)[] cases =
        [
            (Path.Combine(_lab.Allowed, "live.sock"), true, UnixSocketState.Connected, "OK"),
            (Path.Combine(_lab.Allowed, "missing.sock"), true, UnixSocketState.NotFound, "ENOENT"),
            (Path.Combine(_lab.Allowed, "no-dir", "x.sock"), true, UnixSocketState.NotFound, "ENOENT"),
            (dead, true, UnixSocketState.Refused, "ECONNREFUSED"),
            (file, true, UnixSocketState.NotASocket, "ECONNREFUSED"),
            (Path.Combine(_lab.Allowed, "dgram.sock"), true, UnixSocketState.WrongType, "EPROTOTYPE"),
            (Path.Combine(_lab.Allowed, "live.sock"), false, UnixSocketState.WrongType, "EPROTOTYPE"),
            (Path.Combine(_lab.Allowed, "dgram.sock"), false, UnixSocketState.Connected, "OK"),
            (dead, false, UnixSocketState.Refused, "ECONNREFUSED"),
        ];

        var python = await UnixPython.ConnectExAsync(cases.Where(c => c.Stream).Select(c => (c.Path, c.Stream)), Token);
        foreach (var (path, stream, state, name) in cases)
        {
            var result = await _client.ProbeAsync(new UnixProbeRequest(path, stream ? UnixSocketType.Stream : UnixSocketType.Datagram), Allowed, "this server", Token);
            Assert.Equal((path, stream, state, name), (path, stream, result.State, result.CodeName));
        }

        foreach (var (path, stream, _, _) in cases.Where(c => c.Stream))
        {
            var ours = await _client.ProbeAsync(new UnixProbeRequest(path), Allowed, "this server", Token);
            Assert.Equal((path, python[path]), (path, ours.Code));
        }
    }

    [Fact]
    public async Task Probe_DatagramCases_GiveTheErrnoPythonsConnectExGives()
    {
        using var live = _lab.Listen(Path.Combine(_lab.Allowed, "live.sock"));
        using var datagram = _lab.BindDatagram(Path.Combine(_lab.Allowed, "dgram.sock"));
        var dead = UnixSocketLab.Dead(Path.Combine(_lab.Allowed, "dead.sock"));
        string[] paths = [Path.Combine(_lab.Allowed, "live.sock"), Path.Combine(_lab.Allowed, "dgram.sock"), dead, Path.Combine(_lab.Allowed, "gone.sock")];

        var python = await UnixPython.ConnectExAsync(paths.Select(p => (p, false)), Token);

        foreach (var path in paths)
        {
            var ours = await _client.ProbeAsync(new UnixProbeRequest(path, UnixSocketType.Datagram), Allowed, "this server", Token);
            Assert.Equal((path, python[path]), (path, ours.Code));
        }
    }

    [Fact]
    public async Task Probe_Connected_ShowsThePeersNameAndCredentials()
    {
        var path = Path.Combine(_lab.Allowed, "live.sock");
        using var live = _lab.Listen(path);

        var result = await _client.ProbeAsync(new UnixProbeRequest(path), Allowed, "this server", Token);

        Assert.Equal((UnixSocketState.Connected, path, path, "socket"), (result.State, result.PeerName, result.ResolvedPath, result.FileType));
        Assert.Equal(new UnixPeerCredentials(Environment.ProcessId, 0, 0), result.Peer);
    }

    [Fact]
    public async Task Send_ToAnEchoingPeer_ReadsItsReplyOnTheAbstractAddressItBound()
    {
        var path = Path.Combine(_lab.Allowed, "echo.sock");
        using var peer = _lab.BindDatagram(path);
        var echoed = Task.Run(async () =>
        {
            var buffer = new byte[256];
            var from = new UnixDomainSocketEndPoint("\0placeholder");
            var got = await peer.ReceiveFromAsync(buffer, SocketFlags.None, from, Token);
            await peer.SendToAsync(buffer.AsMemory(0, got.ReceivedBytes).ToArray().Prepend((byte)'>').ToArray(), SocketFlags.None, got.RemoteEndPoint, Token);
        }, Token);

        var result = await _client.SendAsync(new UnixSendRequest(path, "ping", WaitReplyMs: 5_000), Allowed, "this server", Token);
        await echoed;

        Assert.Equal((UnixSocketState.Replied, 4), (result.State, result.BytesSent));
        Assert.Equal((">ping", path), (result.Reply!.PayloadText, result.Reply.From));
        Assert.StartsWith("@socket-dashboard-", result.LocalName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ToAStreamSocket_IsTheWrongType()
    {
        var path = Path.Combine(_lab.Allowed, "live.sock");
        using var live = _lab.Listen(path);

        var result = await _client.SendAsync(new UnixSendRequest(path, "x", WaitReplyMs: 0), Allowed, "this server", Token);

        Assert.Equal((UnixSocketState.WrongType, "EPROTOTYPE", 0), (result.State, result.CodeName, result.BytesSent));
    }

    [Fact]
    public async Task NoAllowedDirectory_RefusesEveryPath_SayingSo()
    {
        var path = Path.Combine(_lab.Allowed, "live.sock");
        using var live = _lab.Listen(path);

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            _client.ProbeAsync(new UnixProbeRequest(path), [new("Policy:UnixSockets:AllowedDirectories", [])], "this server", Token));

        Assert.Equal(ErrorKind.Forbidden, refused.Kind);
        Assert.Equal("path: no directory is allowed for Unix sockets at this server (Policy:UnixSockets:AllowedDirectories is empty), so every path is refused; an Admin must allow a directory first", refused.Message);
    }

    [Theory]
    [InlineData("relative.sock", "path must be an absolute path (starting with /), got 'relative.sock'")]
    [InlineData("/tmp/a/../b.sock", "path must not contain '..': name the socket where it is, got '/tmp/a/../b.sock'")]
    [InlineData("/tmp/dir/", "path must name a socket, not a directory, got '/tmp/dir/'")]
    [InlineData("", "path is required: an absolute path such as /run/myapp/app.sock")]
    public async Task BadPaths_AreInvalid_NamingTheField(string path, string message)
    {
        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => _client.ProbeAsync(new UnixProbeRequest(path), Allowed, "this server", Token));

        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public async Task APathOver107Bytes_IsInvalid()
    {
        var path = "/tmp/" + new string('a', 103);

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => _client.ProbeAsync(new UnixProbeRequest(path), Allowed, "this server", Token));

        Assert.StartsWith("path is 108 bytes; a Unix socket path holds at most 107", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _lab.Dispose();
}
