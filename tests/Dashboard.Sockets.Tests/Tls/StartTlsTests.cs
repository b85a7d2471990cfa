using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Dashboard.Contracts.Tls;
using Npgsql;

namespace Dashboard.Sockets.Tests.Tls;

/// <summary>STARTTLS: a real PostgreSQL with ssl on, and a scripted SMTP server that upgrades with SslStream; s_client -starttls agrees.</summary>
public sealed class StartTlsTests(TlsServers servers, PostgresServer postgres) : IClassFixture<TlsServers>, IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Check_PostgresqlWithSsl_UpgradesAndReportsTheChain_AsSClientStartTlsPostgres()
    {
        var port = await SetSslAsync(on: true);
        try
        {
            var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", port, Sni: "www.test", StartTls: StartTlsProtocol.Postgresql, Alpn: []),
                TestContext.Current.CancellationToken);
            var oracle = await servers.SClientAsync(port, "www.test", "-starttls", "postgres");

            Assert.Equal(0, oracle.VerifyCode);
            Assert.Equal(TlsState.Valid, result.State);
            Assert.Equal(StartTlsProtocol.Postgresql, result.StartTls);
            Assert.Equal(oracle.Protocol, result.Protocol);
            Assert.Equal(oracle.Cipher, result.CipherOpenSsl);
            Assert.Equal(["CN=www.test,O=Socket Dashboard Tests", "CN=Lab Intermediate CA,O=Socket Dashboard Tests"], result.Chain.Select(c => c.Subject));
        }
        finally
        {
            // The tests of a class run one at a time: the next finds the server as it started, without ssl.
            await SetSslAsync(on: false);
        }
    }

    [Fact]
    public async Task Check_PostgresqlWithoutSsl_SaysSslIsOff()
    {
        var port = new NpgsqlConnectionStringBuilder(postgres.ConnectionString).Port;

        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", port, StartTls: StartTlsProtocol.Postgresql),
            TestContext.Current.CancellationToken);

        Assert.Equal(TlsState.HandshakeFailed, result.State);
        Assert.Equal("the PostgreSQL server does not accept SSL (it answered 'N' to SSLRequest: ssl is off)", result.Message);
    }

    [Fact]
    public async Task Check_SmtpStartTls_UpgradesAfterEhlo_AsSClientStartTlsSmtp()
    {
        using var smtp = new ScriptedSmtp(servers.Lab, offerStartTls: true);

        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", smtp.Port, Sni: "www.test", StartTls: StartTlsProtocol.Smtp, Alpn: []),
            TestContext.Current.CancellationToken);
        var oracle = await servers.SClientAsync(smtp.Port, "www.test", "-starttls", "smtp");

        Assert.Equal(0, oracle.VerifyCode);
        Assert.Equal(TlsState.Valid, result.State);
        Assert.Equal(oracle.Protocol, result.Protocol);
        Assert.Equal(oracle.Cipher, result.CipherOpenSsl);
        Assert.Equal(oracle.Certificates.Count, result.Chain.Count);
        Assert.Contains("EHLO socket-dashboard", smtp.Heard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SmtpWithoutStartTls_SaysItIsNotOffered()
    {
        using var smtp = new ScriptedSmtp(servers.Lab, offerStartTls: false);

        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", smtp.Port, StartTls: StartTlsProtocol.Smtp),
            TestContext.Current.CancellationToken);

        Assert.Equal(TlsState.HandshakeFailed, result.State);
        Assert.Equal("the SMTP server does not offer STARTTLS in its EHLO answer", result.Message);
    }

    // Turns ssl on (or off) in the running server (a reload, no restart) with the lab's leaf and intermediate, readable by postgres only.
    private async Task<int> SetSslAsync(bool on)
    {
        var dir = Directory.CreateTempSubdirectory("sd-tls-pg-").FullName;
        var cert = Path.Combine(dir, "server.crt");
        var key = Path.Combine(dir, "server.key");
        await File.WriteAllTextAsync(cert, await File.ReadAllTextAsync(servers.Lab.Path("leaf")) + await File.ReadAllTextAsync(servers.Lab.Path("inter")));
        File.Copy(servers.Lab.Path("leaf.key"), key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        using (var chown = Process.Start("chown", ["-R", "postgres:", dir]))
        {
            await chown.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var setting in new[] { $"ssl_cert_file = '{cert}'", $"ssl_key_file = '{key}'", on ? "ssl = on" : "ssl = off" })
        {
            await ScalarAsync(connection, $"ALTER SYSTEM SET {setting}");
        }

        await ScalarAsync(connection, "SELECT pg_reload_conf()");
        for (var i = 0; i < 100 && await ScalarAsync(connection, "SHOW ssl") != (on ? "on" : "off"); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(postgres.ConnectionString).Port;
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))?.ToString();
    }

    /// <summary>An SMTP server that greets, answers EHLO (with or without STARTTLS) and upgrades with SslStream.</summary>
    private sealed class ScriptedSmtp : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly StringBuilder _heard = new();

        public ScriptedSmtp(TlsLab lab, bool offerStartTls)
        {
            var certificate = X509Certificate2.CreateFromPemFile(lab.Path("leaf"), lab.Path("leaf.key"));
            var context = SslStreamCertificateContext.Create(certificate, [X509CertificateLoader.LoadCertificateFromFile(lab.Path("inter"))], offline: true);
            _listener.Start();
            _ = Task.Run(() => ServeAsync(context, offerStartTls));
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public string Heard
        {
            get
            {
                lock (_heard)
                {
                    return _heard.ToString();
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Dispose();
        }

        private async Task ServeAsync(SslStreamCertificateContext context, bool offerStartTls)
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                try
                {
                    var stream = client.GetStream();
                    var reader = new StreamReader(stream, Encoding.ASCII, false, 1, leaveOpen: true);
                    await WriteAsync(stream, "220 mail.test ESMTP scripted\r\n");
                    Hear(await reader.ReadLineAsync(_stop.Token));
                    await WriteAsync(stream, offerStartTls ? "250-mail.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n" : "250-mail.test\r\n250 PIPELINING\r\n");
                    if (!offerStartTls || !string.Equals(Hear(await reader.ReadLineAsync(_stop.Token)), "STARTTLS", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    await WriteAsync(stream, "220 2.0.0 Ready to start TLS\r\n");
                    await using var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, _stop.Token);
                    await tls.WriteAsync("250 hello over TLS\r\n"u8.ToArray(), _stop.Token);
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                {
                    // The client went away mid-exchange: the next one is served.
                }
            }
        }

        private string? Hear(string? line)
        {
            lock (_heard)
            {
                _heard.AppendLine(line);
            }

            return line;
        }

        private Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text), _stop.Token).AsTask();
    }
}
