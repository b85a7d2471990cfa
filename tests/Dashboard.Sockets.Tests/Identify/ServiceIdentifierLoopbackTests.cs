using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dashboard.Contracts.Identify;
using Dashboard.Sockets.Identify;

namespace Dashboard.Sockets.Tests.Identify;

public sealed class ServiceIdentifierLoopbackTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Identify_MySqlGreeting_IsMySqlWithTheVersionItAnnounces()
    {
        // A MySQL server speaks first: protocol 10, its version NUL-terminated, then the handshake's fields.
        byte[] payload = [0x0a, .. "8.0.36-0ubuntu0.22.04.1"u8, 0, 1, 0, 0, 0, .. new byte[40]];
        byte[] greeting = [(byte)payload.Length, 0, 0, 0, .. payload];
        using var server = Greeter(greeting, out var port);

        var result = await Engine.Identifier().IdentifyAsync(new IdentifyRequest("127.0.0.1", port), Token);

        Assert.Equal(("mysql", "MySQL", "8.0.36-0ubuntu0.22.04.1", "banner"), (result.Service, result.Product, result.Version, result.LearnedBy));
        Assert.Equal(greeting.Length, result.Bytes!.Length);
    }

    [Theory]
    [InlineData(SslProtocols.Tls13, "TLS 1.3")]
    [InlineData(SslProtocols.Tls12, "TLS 1.2")]
    public async Task Identify_TlsServer_IsSslWithTheVersionOfItsServerHello(SslProtocols protocol, string version)
    {
        using var certificate = SelfSigned();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = ServeTlsAsync(listener, certificate, protocol);

        var result = await Engine.Identifier().IdentifyAsync(new IdentifyRequest("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, 5_000), Token);

        Assert.Equal(("ssl", version), (result.Service, result.Info));
        Assert.Equal(IdentifyConfidence.High, result.Confidence);
        listener.Stop();
        await serving;
    }

    [Fact]
    public async Task Identify_ServerThatClosesAtOnce_IsTcpwrappedAsNmapNamesIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var closing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
            }
        }, Token);

        var result = await Engine.Identifier().IdentifyAsync(new IdentifyRequest("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port), Token);

        Assert.Equal("tcpwrapped", result.Service);
        Assert.All(result.Tried, t => Assert.Equal("closed", t.Outcome));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => closing);
    }

    [Fact]
    public async Task Identify_AnswerLongerThanKept_KeepsTheFirstBytesAndSaysTruncated()
    {
        byte[] banner = [.. "SSH-2.0-Test_1.0\r\n"u8, .. Enumerable.Repeat((byte)'x', 2_000)];
        using var server = Greeter(banner, out var port);

        var result = await Engine.Identifier(new IdentifyOptions { KeptBytes = 64 }).IdentifyAsync(new IdentifyRequest("127.0.0.1", port), Token);

        Assert.Equal(("ssh", "Test", "1.0"), (result.Service, result.Product, result.Version));
        Assert.True(result.Bytes!.Truncated);
        Assert.Equal(4, result.Bytes.Hex.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("00000000  53 53 48 2d 32 2e 30 2d  54 65 73 74 5f 31 2e 30  |SSH-2.0-Test_1.0|", result.Bytes.Hex, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 80, null, "host")]
    [InlineData("127.0.0.1", 0, null, "port must be 1-65535, got 0")]
    [InlineData("127.0.0.1", 80, 0, "timeoutMs must be 1-30000, got 0")]
    public async Task Identify_BadRequest_NamesTheField(string host, int port, int? timeoutMs, string expected)
    {
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => Engine.Identifier().IdentifyAsync(new IdentifyRequest(host, port, timeoutMs), Token));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identify_Precanceled_Throws()
    {
        using var server = Greeter("SSH-2.0-x\r\n"u8.ToArray(), out var port);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Engine.Identifier().IdentifyAsync(new IdentifyRequest("127.0.0.1", port), new CancellationToken(true)));
    }

    /// <summary>A server that says <paramref name="greeting"/> to every connection and keeps it open until the test ends.</summary>
    private static Greeting Greeter(byte[] greeting, out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var held = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync();
                held.Add(client);
                await client.GetStream().WriteAsync(greeting);
            }
        });
        return new Greeting(listener, held);
    }

    private sealed class Greeting(TcpListener listener, List<TcpClient> held) : IDisposable
    {
        public void Dispose()
        {
            listener.Stop();
            held.ForEach(c => c.Dispose());
        }
    }

    private static async Task ServeTlsAsync(TcpListener listener, X509Certificate2 certificate, SslProtocols protocol)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
                await using var tls = new SslStream(client.GetStream());
                try
                {
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = protocol });
                }
                catch (Exception e) when (e is AuthenticationException or IOException)
                {
                    // The identifier reads the ServerHello and hangs up; other probes are not TLS at all.
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=identify.test", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
