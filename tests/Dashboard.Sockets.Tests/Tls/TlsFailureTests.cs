using System.Net;
using System.Net.Sockets;
using System.Text;
using Dashboard.Contracts.Tls;
using Dashboard.Sockets.Tls;

namespace Dashboard.Sockets.Tests.Tls;

/// <summary>Handshakes that do not happen, in words, compared with what s_client makes of the same server.</summary>
public sealed class TlsFailureTests(TlsServers servers) : IClassFixture<TlsServers>
{
    [Fact]
    public async Task Check_PlainTextServer_SaysNoTlsAndQuotesWhatItSaid()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
            await client.GetStream().WriteAsync("SSH-2.0-OpenSSH_9.2p1 Debian\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
            await Task.Delay(2_000, TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);

        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port),
            TestContext.Current.CancellationToken);

        Assert.Equal(TlsState.HandshakeFailed, result.State);
        Assert.Equal("no TLS on that port: the server answered with plain bytes ('SSH-2.0-OpenSSH_9.2p1 Debian')", result.Message);
        Assert.Empty(result.Chain);
        await serve;
    }

    [Fact]
    public async Task Check_NoCipherInCommon_SaysSo_AsSClientsHandshakeFailure()
    {
        var port = await servers.Lab.ServeAsync("leaf", "inter", "-tls1_2", "-cipher", "NULL-SHA256:@SECLEVEL=0");

        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", port, Sni: "www.test"), TestContext.Current.CancellationToken);
        var (code, oracle) = await TlsLab.OpenSslAsync("", "s_client", "-connect", $"127.0.0.1:{port}", "-servername", "www.test");

        Assert.NotEqual(0, code);
        Assert.Contains("alert handshake failure", oracle, StringComparison.Ordinal);
        Assert.Equal(TlsState.HandshakeFailed, result.State);
        Assert.Equal("no cipher suite or parameters in common with the server (alert handshake_failure)", result.Message);
    }

    [Fact]
    public async Task Check_ClosedPort_IsUnreachableWithTheErrno()
    {
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        var port = closed.Ports[0];
        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", port), TestContext.Current.CancellationToken);

        Assert.Equal(TlsState.Unreachable, result.State);
        Assert.Equal("the TCP connect failed: ECONNREFUSED (errno 111)", result.Message);
    }

    [Theory]
    [InlineData("sni", "10.0.0.1", "sni must be a DNS name")]
    [InlineData("alpn", "h 2", "alpn entries must be")]
    [InlineData("timeoutMs", "999999", "timeoutMs")]
    public void Validate_BadField_NamesIt(string field, string value, string expected)
    {
        var request = new TlsCheckRequest("127.0.0.1", 443) with
        {
            Sni = field == "sni" ? value : null,
            Alpn = field == "alpn" ? [value] : null,
            TimeoutMs = field == "timeoutMs" ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null,
        };

        var error = Assert.Throws<InvalidRequestException>(() => servers.Checker().Validate(request));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CipherNames_AgreeWithOpenSslsStandardNames()
    {
        var (_, table) = await TlsLab.OpenSslAsync("", "ciphers", "-stdname", "ECDHE:DHE:RSA:@SECLEVEL=0");
        var pairs = table.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(" - ", 2))
            .Where(p => p.Length == 2 && p[0].StartsWith("TLS_", StringComparison.Ordinal) && !p[0].Contains("PSK", StringComparison.Ordinal))
            .Select(p => (Iana: p[0].Trim(), OpenSsl: p[1].Split(' ', 2)[0]))
            .ToList();

        Assert.True(pairs.Count > 20, table);
        Assert.All(pairs, p => Assert.Equal(p.OpenSsl, CipherNames.ToOpenSsl(p.Iana)));
    }
}
