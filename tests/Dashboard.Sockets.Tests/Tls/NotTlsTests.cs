using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Tls;

namespace Dashboard.Sockets.Tests.Tls;

/// <summary>
/// Servers that do not speak TLS answer at once, in words naming what they did, and not after the timeout: a check that
/// waited would end with the timeout's words instead (each asks for a timeout far longer than the server's answer).
/// </summary>
public sealed class NotTlsTests(TlsServers servers) : IClassFixture<TlsServers>
{
    private const int LongTimeoutMs = 20_000;

    [Fact]
    public async Task Check_ServerAnsweringTheHelloWithPlainText_SaysNoTlsAndQuotesIt()
    {
        using var server = new ScriptedPeer(async (peer, token) =>
        {
            await ReceiveSomeAsync(peer, token);
            await peer.SendAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), token);
        });

        var result = await CheckAsync(server.Port, LongTimeoutMs);

        Assert.Equal(TlsState.HandshakeFailed, result.State);
        Assert.Equal("no TLS on that port: the server answered with plain bytes ('HTTP/1.1 400 Bad Request')", result.Message);
    }

    [Fact]
    public async Task Check_ServerAnsweringFewerBytesThanATlsRecordHeader_SaysNoTlsAtOnce()
    {
        // Four bytes: a TLS client that waited for a whole record header (five bytes) would wait for the timeout.
        using var server = new ScriptedPeer(async (peer, token) =>
        {
            await ReceiveSomeAsync(peer, token);
            await peer.SendAsync("ERR\n"u8.ToArray(), token);
        });

        var result = await CheckAsync(server.Port, LongTimeoutMs);

        Assert.Equal(TlsState.HandshakeFailed, result.State);
        Assert.Equal("no TLS on that port: the server answered with plain bytes ('ERR')", result.Message);
    }

    [Fact]
    public async Task Check_ServerThatGreetsAndCloses_QuotesTheGreeting()
    {
        using var server = new ScriptedPeer(async (peer, token) =>
        {
            await peer.SendAsync("421 too many connections\r\n"u8.ToArray(), token);
            peer.Shutdown(SocketShutdown.Send);
            await ReceiveSomeAsync(peer, token);
        }, holdOpen: false);

        var result = await CheckAsync(server.Port, LongTimeoutMs);

        Assert.Equal(TlsState.HandshakeFailed, result.State);
        Assert.Equal("no TLS on that port: the server answered with plain bytes ('421 too many connections')", result.Message);
    }

    [Fact]
    public async Task Check_ServerThatResetsOnTheHello_SaysItWasReset()
    {
        using var server = new ScriptedPeer(async (peer, token) =>
        {
            await ReceiveSomeAsync(peer, token);
            peer.LingerState = new LingerOption(true, 0); // close sends RST
        }, holdOpen: false);

        var result = await CheckAsync(server.Port, LongTimeoutMs);

        Assert.Equal(TlsState.HandshakeFailed, result.State);
        Assert.Equal("the server reset the connection (ECONNRESET) on the TLS ClientHello: no TLS on that port, or it refuses this client", result.Message);
    }

    [Fact]
    public async Task Check_SilentServer_TimesOutSayingNothingAnswered()
    {
        using var server = new ScriptedPeer((peer, token) => ReceiveSomeAsync(peer, token));

        var result = await CheckAsync(server.Port, 1_000);

        Assert.Equal(TlsState.HandshakeFailed, result.State);
        Assert.Equal("the server accepted the connection but answered nothing to the TLS ClientHello within 1000 ms: no TLS on that port?", result.Message);
    }

    private Task<TlsCheckResult> CheckAsync(int port, int timeoutMs) =>
        servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", port, TimeoutMs: timeoutMs), TestContext.Current.CancellationToken);

    private static async Task ReceiveSomeAsync(Socket peer, CancellationToken token) => await peer.ReceiveAsync(new byte[4096], token);

    /// <summary>A loopback server that runs one script per connection, then holds the connection open (or closes it) until disposed.</summary>
    private sealed class ScriptedPeer : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Socket> _held = [];

        public ScriptedPeer(Func<Socket, CancellationToken, Task> script, bool holdOpen = true)
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(8);
            _ = ServeAsync(script, holdOpen);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Dispose();
            lock (_held)
            {
                _held.ForEach(s => s.Dispose());
            }

            _stop.Dispose();
        }

        private async Task ServeAsync(Func<Socket, CancellationToken, Task> script, bool holdOpen)
        {
            try
            {
                while (true)
                {
                    var peer = await _listener.AcceptAsync(_stop.Token);
                    lock (_held)
                    {
                        _held.Add(peer);
                    }

                    await script(peer, _stop.Token);
                    if (!holdOpen)
                    {
                        peer.Close();
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Disposed: the test is over.
            }
        }
    }
}
