using Dashboard.Contracts.Tls;
using Dashboard.Sockets.Tls;

namespace Dashboard.Sockets.Tests.Tls;

/// <summary>
/// STARTTLS against real servers from apt (exim4, dovecot, vsftpd): every field and verdict equals what
/// <c>openssl s_client -starttls</c> sees on the same server.
/// </summary>
public sealed class StartTlsServerTests(StartTlsServers mail) : IClassFixture<StartTlsServers>
{
    [Theory]
    [InlineData(StartTlsProtocol.Smtp, StartTlsServers.Smtp, "smtp")]
    [InlineData(StartTlsProtocol.Imap, StartTlsServers.Imap, "imap")]
    [InlineData(StartTlsProtocol.Pop3, StartTlsServers.Pop3, "pop3")]
    [InlineData(StartTlsProtocol.Ftp, StartTlsServers.Ftp, "ftp")]
    public async Task Check_RealServerStartTls_AgreesWithSClientStartTlsOnEveryField(StartTlsProtocol protocol, int port, string sClientName)
    {
        var result = await Checker().CheckAsync(new TlsCheckRequest(mail.Address, port, Sni: "www.test", StartTls: protocol, Alpn: []),
            TestContext.Current.CancellationToken);
        var oracle = await SClient.RunAsync(mail.Lab, mail.Address, port, "www.test", "-starttls", sClientName);

        Assert.Equal(0, oracle.VerifyCode);
        Assert.True(result.State == TlsState.Valid, result.Message);
        Assert.Equal(protocol, result.StartTls);
        Assert.Equal(ChainVerdict.Valid, result.ChainVerdict);
        Assert.True(result.NameMatches);
        Assert.Equal(oracle.Protocol, result.Protocol);
        Assert.Equal(oracle.Cipher, result.CipherOpenSsl);
        Assert.Null(result.AlpnChosen);
        Assert.Equal(["CN=www.test,O=Socket Dashboard Tests", "CN=Lab Intermediate CA,O=Socket Dashboard Tests"], result.Chain.Select(c => c.Subject));
        await TlsCheckerTests.AssertChainAsPresentedAsync(result, oracle);
    }

    [Theory]
    [InlineData(StartTlsProtocol.Imap, StartTlsServers.Imap, "imap")]
    [InlineData(StartTlsProtocol.Ftp, StartTlsServers.Ftp, "ftp")]
    public async Task Check_RealServerStartTls_WrongName_IsInvalid_AsSClientsHostnameMismatch(StartTlsProtocol protocol, int port, string sClientName)
    {
        var result = await Checker().CheckAsync(new TlsCheckRequest(mail.Address, port, Sni: "mail.other.test", StartTls: protocol, Alpn: []),
            TestContext.Current.CancellationToken);
        var oracle = await SClient.RunAsync(mail.Lab, mail.Address, port, "mail.other.test", "-starttls", sClientName);

        Assert.Equal(62, oracle.VerifyCode); // X509_V_ERR_HOSTNAME_MISMATCH
        Assert.Equal(TlsState.Invalid, result.State);
        Assert.Equal(ChainVerdict.Valid, result.ChainVerdict);
        Assert.Equal("issued for www.test, *.apps.test, not mail.other.test", result.NameMessage);
    }

    [Fact]
    public async Task Check_ImapStartTlsAskedOfThePop3Server_SaysWhatItGreetedWith()
    {
        var result = await Checker().CheckAsync(new TlsCheckRequest(mail.Address, StartTlsServers.Pop3, StartTls: StartTlsProtocol.Imap),
            TestContext.Current.CancellationToken);

        Assert.Equal(TlsState.HandshakeFailed, result.State);
        Assert.StartsWith("the IMAP server did not greet with '* OK': '+OK", result.Message, StringComparison.Ordinal);
    }

    private TlsChecker Checker()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new TlsOptions { ExtraTrustedCaFiles = [mail.Lab.RootPem] });
        return new TlsChecker(options, new TrustRoots(options), TimeProvider.System, Engine.Budget);
    }
}
