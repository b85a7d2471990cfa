using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dashboard.Contracts;
using Dashboard.Contracts.Watches;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary>Each kind's check, through the form's "try it" (the same checks a scheduled run makes), against real sockets.</summary>
public sealed class WatchKindTests : IClassFixture<WatchKindTests.Host>
{
    private readonly Host _host;

    public WatchKindTests(Host host) => _host = host;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public sealed class Host : IDisposable
    {
        public DashboardHost Dashboard { get; } = WatchHosts.EverySecond();

        public void Dispose() => Dashboard.Dispose();
    }

    private async Task<WatchOutcome> TryAsync(WatchSpec spec) =>
        Assert.Single(await _host.Dashboard.Watches().PreviewAsync(_host.Dashboard.Admin, spec, Token));

    [Fact]
    public async Task Udp_AnEchoReplyMatches_OrItsBytesAreShownWhenNot()
    {
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        var spec = new WatchSpec("udp echo", Kind: WatchKind.Udp, Host: "127.0.0.1", Port: echo.Port, Payload: "ping", Match: "pi.g", MatchKind: WatchMatchKind.Regex, TimeoutMs: 1_000);

        var matched = await TryAsync(spec);
        var mismatched = await TryAsync(spec with { Match = "pong", MatchKind = WatchMatchKind.Text });

        Assert.Equal((true, "reply"), (matched.Passed, matched.Outcome));
        Assert.NotNull(matched.RttMs);
        Assert.Equal((false, "mismatch"), (mismatched.Passed, mismatched.Outcome));
        Assert.Equal("the reply does not contain \"pong\": got 4 bytes \"ping\" (hex 70696e67)", mismatched.Reason);
    }

    [Fact]
    public async Task Udp_AClosedPortIsRefused_AndASilentPeerIsSilence_EachAsExpectedOrNot()
    {
        var closed = UdpPeer.FreePort(IPAddress.Loopback);
        using var silent = new UdpPeer(IPAddress.Loopback, echo: false);
        var udp = new WatchSpec("udp", Kind: WatchKind.Udp, Host: "127.0.0.1", Payload: "x", TimeoutMs: 500);

        var refused = await TryAsync(udp with { Port = closed, Expect = WatchExpectation.Refused });
        var noReply = await TryAsync(udp with { Port = closed, Expect = WatchExpectation.Reply });
        var silence = await TryAsync(udp with { Port = silent.Port, Expect = WatchExpectation.Silence });

        Assert.Equal((true, "refused"), (refused.Passed, refused.Outcome));
        Assert.Contains("ECONNREFUSED", refused.Reason);
        Assert.False(noReply.Passed);
        Assert.StartsWith("no reply within 500 ms", noReply.Reason);
        Assert.Equal((true, "no-reply"), (silence.Passed, silence.Outcome));
    }

    [Fact]
    public async Task Tcp_ABannerMatchesARegex_AndAWrongOneNamesWhatCame()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen(8);
        var serving = ServeBannerAsync(server, "SSH-2.0-OpenSSH_9.6\r\n");
        var spec = new WatchSpec("ssh banner", Kind: WatchKind.Tcp, Host: "127.0.0.1", Port: ((IPEndPoint)server.LocalEndPoint!).Port,
            Payload: "\r\n", Match: "^SSH-2\\.0-", MatchKind: WatchMatchKind.Regex, TimeoutMs: 2_000);

        var matched = await TryAsync(spec);
        var wrong = await TryAsync(spec with { Match = "48545450", MatchKind = WatchMatchKind.Hex });

        Assert.True(matched.Passed, matched.Reason);
        Assert.StartsWith("open: the reply matches (21 bytes \"SSH-2.0-OpenSSH_9.6..\"", matched.Reason);
        Assert.Equal((false, "mismatch"), (wrong.Passed, wrong.Outcome));
        Assert.StartsWith("the reply does not contain bytes 48545450: got 21 bytes", wrong.Reason);
        server.Dispose();
        await serving;
    }

    [Fact]
    public async Task Tcp_ARefusedConnect_HasTheErrnoPythonsConnectExGives()
    {
        var port = LoopbackListener.FreePort(IPAddress.Loopback);

        var outcome = await TryAsync(WatchHosts.Tcp("refused", port, WatchExpectation.Closed));
        var python = await PythonConnectExAsync(port);

        Assert.True(outcome.Passed);
        Assert.StartsWith($"closed: ECONNREFUSED ({python}) ", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanBaseline_NamesThePortThatAppeared_AndTheOneThatVanished()
    {
        using var a = new LoopbackListener(IPAddress.Loopback);
        using var b = new LoopbackListener(IPAddress.Loopback);
        var c = LoopbackListener.FreePort(IPAddress.Loopback);
        var scan = new WatchSpec("edge", Kind: WatchKind.Scan, Host: "127.0.0.1", Ports: $"{a.Port},{b.Port},{c}", TimeoutMs: 1_000);

        var same = await TryAsync(scan with { Baseline = [a.Port, b.Port] });
        var appeared = await TryAsync(scan with { Baseline = [a.Port] });
        var vanished = await TryAsync(scan with { Baseline = [a.Port, b.Port, c] });

        Assert.True(same.Passed, same.Reason);
        Assert.Equal($"open as expected: {string.Join(",", new[] { a.Port, b.Port }.Order())}", same.Reason);
        Assert.Equal((false, "changed", $"port {b.Port} is open, not in the baseline"), (appeared.Passed, appeared.Outcome, appeared.Reason));
        Assert.Equal($"port {c} from the baseline is not open", vanished.Reason);
    }

    [Fact]
    public async Task Path_FromThisServerToItself_IsReachable_AndExpectingBlockedFails()
    {
        var port = LoopbackListener.FreePort(IPAddress.Loopback);
        var path = new WatchSpec("self path", Kind: WatchKind.Path, PathTo: "", Port: port, TimeoutMs: 2_000);

        var reachable = await TryAsync(path);
        var blocked = await TryAsync(path with { Expect = WatchExpectation.Blocked });

        Assert.Equal((true, "reachable"), (reachable.Passed, reachable.Outcome));
        Assert.Equal((false, "reachable"), (blocked.Passed, blocked.Outcome));
    }

    private static async Task ServeBannerAsync(Socket server, string banner)
    {
        try
        {
            while (true)
            {
                using var client = await server.AcceptAsync();
                await client.SendAsync(Encoding.ASCII.GetBytes(banner));
                client.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task<int> PythonConnectExAsync(int port)
    {
        using var python = Process.Start(new ProcessStartInfo("python3", ["-c", $"import socket; s = socket.socket(); s.settimeout(2); print(s.connect_ex(('127.0.0.1', {port})))"])
        {
            RedirectStandardOutput = true,
        })!;
        var output = await python.StandardOutput.ReadToEndAsync(Token);
        await python.WaitForExitAsync(Token);
        return int.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
