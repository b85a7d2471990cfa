using System.Net.Sockets;
using Dashboard.Contracts.Unix;
using Dashboard.Sockets.UnixSockets;
using Microsoft.Extensions.Options;


namespace Dashboard.Sockets.Tests.UnixSockets;

/// <summary>The allowed directories cannot be left: not by <c>..</c>, not by a symbolic link, not by swapping a directory between the check and the use.</summary>
public sealed class UnixPathEscapeTests : IDisposable
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly UnixSocketLab _lab = new();
    private readonly UnixSocketClient _client = new(Options.Create(new UnixSocketOptions()), TimeProvider.System);

    private IReadOnlyList<UnixPathAllowance> Allowed => [new("test", [_lab.Allowed])];

    [Fact]
    public async Task APathOutsideTheAllowedDirectories_IsForbidden_NamingThem()
    {
        var path = Path.Combine(_lab.Outside, "s.sock");
        using var outside = _lab.Listen(path);

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => _client.ProbeAsync(new UnixProbeRequest(path), Allowed, "this server", Token));

        Assert.Equal((ErrorKind.Forbidden, $"path: {path} is outside the directories allowed for Unix sockets: {_lab.Allowed} (test); symbolic links are resolved before this check"),
            (refused.Kind, refused.Message));
    }

    [Fact]
    public async Task ADirectoryLinkLeadingOut_IsResolvedAndForbidden()
    {
        using var outside = _lab.Listen(Path.Combine(_lab.Outside, "s.sock"));
        Directory.CreateSymbolicLink(Path.Combine(_lab.Allowed, "door"), _lab.Outside);

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            _client.ProbeAsync(new UnixProbeRequest(Path.Combine(_lab.Allowed, "door", "s.sock")), Allowed, "this server", Token));

        Assert.Equal(ErrorKind.Forbidden, refused.Kind);
        Assert.StartsWith($"path: {_lab.Outside}/s.sock is outside the directories allowed", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASocketLinkLeadingOut_IsForbidden()
    {
        using var outside = _lab.Listen(Path.Combine(_lab.Outside, "s.sock"));
        File.CreateSymbolicLink(Path.Combine(_lab.Allowed, "s.sock"), Path.Combine(_lab.Outside, "s.sock"));

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            _client.ProbeAsync(new UnixProbeRequest(Path.Combine(_lab.Allowed, "s.sock")), Allowed, "this server", Token));

        Assert.Equal(ErrorKind.Forbidden, refused.Kind);
        Assert.StartsWith($"path: {_lab.Allowed}/s.sock is a symbolic link", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALinkToAnAllowedDirectory_IsJudgedByWhereItLeads()
    {
        var path = Path.Combine(_lab.Allowed, "s.sock");
        using var inside = _lab.Listen(path);
        var link = Path.Combine(_lab.Outside, "to-allowed");
        Directory.CreateSymbolicLink(link, _lab.Allowed);

        var result = await _client.ProbeAsync(new UnixProbeRequest(Path.Combine(link, "s.sock")), Allowed, "this server", Token);

        Assert.Equal((UnixSocketState.Connected, path), (result.State, result.ResolvedPath));
    }

    [Fact]
    public async Task ADirectorySwappedForALinkAfterTheCheck_StillReachesTheSocketThatWasChecked()
    {
        // allowed/d/s.sock is checked; then allowed/d is moved away and replaced by a link to outside/d, where another
        // socket listens. A check-then-use by name would now connect outside; the use must name what was checked.
        Directory.CreateDirectory(Path.Combine(_lab.Allowed, "d"));
        Directory.CreateDirectory(Path.Combine(_lab.Outside, "d"));
        var checkedPath = Path.Combine(_lab.Allowed, "d", "s.sock");
        using var inside = _lab.Listen(checkedPath);
        using var outside = _lab.Listen(Path.Combine(_lab.Outside, "d", "s.sock"));
        _client.AfterCheck = _ =>
        {
            Directory.Move(Path.Combine(_lab.Allowed, "d"), Path.Combine(_lab.Allowed, "d-moved"));
            Directory.CreateSymbolicLink(Path.Combine(_lab.Allowed, "d"), Path.Combine(_lab.Outside, "d"));
        };

        var result = await _client.ProbeAsync(new UnixProbeRequest(checkedPath), Allowed, "this server", Token);

        Assert.Equal((UnixSocketState.Connected, checkedPath), (result.State, result.PeerName));
        Assert.True(inside.Poll(TimeSpan.FromSeconds(5), SelectMode.SelectRead), "the checked socket got no connection");
        Assert.False(outside.Poll(TimeSpan.Zero, SelectMode.SelectRead), "the socket outside got the connection");
    }

    [Fact]
    public async Task ASocketFileSwappedAfterTheCheck_StillReachesTheSocketThatWasChecked()
    {
        var checkedPath = Path.Combine(_lab.Allowed, "s.sock");
        using var inside = _lab.Listen(checkedPath);
        using var outside = _lab.BindDatagram(Path.Combine(_lab.Outside, "s.sock"));
        _client.AfterCheck = _ =>
        {
            File.Move(checkedPath, Path.Combine(_lab.Allowed, "s-moved.sock"));
            File.CreateSymbolicLink(checkedPath, Path.Combine(_lab.Outside, "s.sock"));
        };

        var result = await _client.SendAsync(new UnixSendRequest(checkedPath, "x", WaitReplyMs: 0), Allowed, "this server", Token);

        // A datagram to the checked stream socket is the wrong type; the datagram socket outside would have taken it.
        Assert.Equal(UnixSocketState.WrongType, result.State);
        Assert.False(outside.Poll(TimeSpan.Zero, SelectMode.SelectRead), "the socket outside got the datagram");
    }

    [Theory]
    [InlineData("docker.sock", "the Docker engine's socket")]
    [InlineData("containerd.sock", "containerd's socket")]
    [InlineData("podman.sock", "Podman's socket")]
    [InlineData("system_bus_socket", "the D-Bus system bus")]
    public async Task AWellKnownDaemonSocket_StaysDenied_EvenUnderAnAllowedDirectory(string name, string what)
    {
        var path = Path.Combine(_lab.Allowed, name);
        using var daemon = _lab.Listen(path);

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => _client.ProbeAsync(new UnixProbeRequest(path), Allowed, "this server", Token));

        Assert.Equal((ErrorKind.Forbidden, $"path: {path} is {what}, a well-known daemon socket that stays denied even under an allowed directory"),
            (refused.Kind, refused.Message));
    }

    [Fact]
    public async Task AnSshAgentSocket_StaysDenied()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_lab.Allowed, "ssh-XXXXabcd")).FullName;
        var path = Path.Combine(directory, "agent.1234");
        using var agent = _lab.Listen(path);

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => _client.ProbeAsync(new UnixProbeRequest(path), Allowed, "this server", Token));

        Assert.Contains("an ssh-agent", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryAllowanceMustAllow_AsAtAnAgent()
    {
        var path = Path.Combine(_lab.Allowed, "s.sock");
        using var inside = _lab.Listen(path);

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            _client.ProbeAsync(new UnixProbeRequest(path), [.. Allowed, new("--unix-dirs", [_lab.Outside])], "agent a", Token));

        Assert.StartsWith($"path: {path} is outside the directories allowed for Unix sockets: {_lab.Outside} (--unix-dirs)", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _lab.Dispose();
}
