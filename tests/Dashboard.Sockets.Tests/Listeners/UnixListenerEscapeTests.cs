using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.UnixSockets;

namespace Dashboard.Sockets.Tests.Listeners;

/// <summary>A listener's path cannot leave the allowed directories, nor take the place of anything that is there.</summary>
public sealed class UnixListenerEscapeTests : IAsyncDisposable
{
    private readonly UnixSocketLab _lab = new();
    private readonly ListenerManager _manager = Engine.Listeners();

    private IReadOnlyList<UnixPathAllowance> Allowed => [new("test", [_lab.Allowed])];

    private RunningListener Open(string path, IReadOnlyList<UnixPathAllowance>? allowances = null) =>
        _manager.Create(new ListenerRequest(ListenerProtocol.Unix, null, 0) { Path = path }, "test", allowances ?? Allowed);

    [Fact]
    public void DotDot_IsInvalid_NamingTheField()
    {
        var refused = Assert.Throws<InvalidRequestException>(() => Open($"{_lab.Allowed}/../outside/s.sock"));

        Assert.Equal($"path must not contain '..': name the socket where it is, got '{_lab.Allowed}/../outside/s.sock'", refused.Message);
    }

    [Fact]
    public void APathOutsideEveryAllowedDirectory_IsForbidden_AndNothingIsCreated()
    {
        var path = Path.Combine(_lab.Outside, "s.sock");

        var refused = Assert.Throws<RequestRefusedException>(() => Open(path));

        Assert.Equal((ErrorKind.Forbidden, $"path: {path} is outside the directories allowed for Unix sockets: {_lab.Allowed} (test); symbolic links are resolved before this check"),
            (refused.Kind, refused.Message));
        Assert.False(Path.Exists(path));
    }

    [Fact]
    public void NoAllowedDirectory_RefusesEveryPath()
    {
        var refused = Assert.Throws<RequestRefusedException>(() =>
            _manager.Create(new ListenerRequest(ListenerProtocol.Unix, null, 0) { Path = Path.Combine(_lab.Allowed, "s.sock") }, "test"));

        Assert.Equal(ErrorKind.Forbidden, refused.Kind);
        Assert.Contains("Policy:UnixSockets:AllowedDirectories is empty", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASymlinkedDirectoryLeadingOut_IsForbidden_AndNothingIsCreatedThere()
    {
        Directory.CreateSymbolicLink(Path.Combine(_lab.Allowed, "door"), _lab.Outside);

        var refused = Assert.Throws<RequestRefusedException>(() => Open(Path.Combine(_lab.Allowed, "door", "s.sock")));

        Assert.StartsWith($"path: {_lab.Outside}/s.sock is outside the directories allowed", refused.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(Path.Combine(_lab.Outside, "s.sock")));
    }

    [Fact]
    public async Task ADirectorySwappedForALinkAfterTheCheck_TheSocketIsStillMadeWhereTheCheckLooked()
    {
        Directory.CreateDirectory(Path.Combine(_lab.Allowed, "d"));
        Directory.CreateDirectory(Path.Combine(_lab.Outside, "d"));
        _manager.AfterUnixCheck = _ =>
        {
            Directory.Move(Path.Combine(_lab.Allowed, "d"), Path.Combine(_lab.Allowed, "d-moved"));
            Directory.CreateSymbolicLink(Path.Combine(_lab.Allowed, "d"), Path.Combine(_lab.Outside, "d"));
        };

        var listener = Open(Path.Combine(_lab.Allowed, "d", "s.sock"));

        Assert.True(Path.Exists(Path.Combine(_lab.Allowed, "d-moved", "s.sock")), "the socket is not in the directory that was checked");
        Assert.False(Path.Exists(Path.Combine(_lab.Outside, "d", "s.sock")), "the socket was made outside, through the swapped-in link");
        await listener.StopAsync("done");
        Assert.False(Path.Exists(Path.Combine(_lab.Allowed, "d-moved", "s.sock")), "the socket file was not removed from where it was made");
    }

    [Theory]
    [InlineData("docker.sock", "the Docker engine's socket")]
    [InlineData("system_bus_socket", "the D-Bus system bus")]
    public void AWellKnownDaemonSocketName_IsForbidden_EvenUnderAnAllowedDirectory(string name, string what)
    {
        var path = Path.Combine(_lab.Allowed, name);

        var refused = Assert.Throws<RequestRefusedException>(() => Open(path));

        Assert.Equal((ErrorKind.Forbidden, $"path: {path} is {what}, a well-known daemon socket that stays denied even under an allowed directory"),
            (refused.Kind, refused.Message));
    }

    [Fact]
    public async Task AnExistingRegularFile_IsNeverReplaced()
    {
        var path = Path.Combine(_lab.Allowed, "data.sock");
        await File.WriteAllTextAsync(path, "keep me", TestContext.Current.CancellationToken);

        var refused = Assert.Throws<RequestRefusedException>(() => Open(path));

        Assert.Equal((ErrorKind.Conflict, $"path: {path} already exists (a file); a listener never removes or replaces a file it did not bind: pick another name, or remove it first"),
            (refused.Kind, refused.Message));
        Assert.Equal("keep me", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void AStaleSocketFile_IsNotRemovedEither()
    {
        var path = UnixSocketLab.Dead(Path.Combine(_lab.Allowed, "stale.sock"));

        var refused = Assert.Throws<RequestRefusedException>(() => Open(path));

        Assert.StartsWith($"path: {path} already exists (a socket)", refused.Message, StringComparison.Ordinal);
        Assert.True(Path.Exists(path));
    }

    [Theory]
    [InlineData("127.0.0.1", 0, "bindAddress is not allowed for unix and unixgram listeners (they bind a path), got '127.0.0.1'; give path instead")]
    [InlineData(null, 8080, "port is not allowed for unix and unixgram listeners (they bind a path), got 8080; leave it out or 0")]
    public void IpFieldsOnAUnixListener_AreInvalid_NamingTheField(string? bindAddress, int port, string message)
    {
        var refused = Assert.Throws<InvalidRequestException>(() =>
            _manager.Create(new ListenerRequest(ListenerProtocol.Unix, bindAddress, port) { Path = Path.Combine(_lab.Allowed, "s.sock") }, "test", Allowed));

        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public void APathOnATcpListener_IsInvalid_NamingTheField()
    {
        var refused = Assert.Throws<InvalidRequestException>(() =>
            _manager.Create(new ListenerRequest(ListenerProtocol.Tcp, null, 0) { Path = "/tmp/x.sock" }, "test", Allowed));

        Assert.Equal("path is only for unix and unixgram listeners; a tcp listener takes bindAddress and port", refused.Message);
    }

    public async ValueTask DisposeAsync()
    {
        await _manager.DisposeAsync();
        _lab.Dispose();
    }
}
