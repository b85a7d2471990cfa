using System.Globalization;
using Dashboard.Contracts.Tls;

namespace Dashboard.Sockets.Tests.Tls;

/// <summary>Each lab server checked by the engine and by <c>openssl s_client</c>: every field and verdict agrees.</summary>
public sealed class TlsCheckerTests(TlsServers servers) : IClassFixture<TlsServers>
{
    [Fact]
    public async Task Check_ValidChain_AgreesWithSClientOnEveryField()
    {
        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", servers.Valid, Sni: "www.test"), TestContext.Current.CancellationToken);
        var oracle = await servers.SClientAsync(servers.Valid, "www.test", "-alpn", "h2,http/1.1");

        Assert.Equal(TlsState.Valid, result.State);
        Assert.Equal(0, oracle.VerifyCode);
        Assert.Equal(ChainVerdict.Valid, result.ChainVerdict);
        Assert.True(result.NameMatches);
        Assert.Equal(oracle.Protocol, result.Protocol);
        Assert.Equal(oracle.Cipher, result.CipherOpenSsl);
        Assert.Equal("h2", oracle.Alpn);
        Assert.Equal(oracle.Alpn, result.AlpnChosen);
        Assert.Equal("www.test", result.Sni);
        Assert.True(result.HandshakeMs > 0);
        await AssertChainAsPresentedAsync(result, oracle);
        Assert.Equal("RSA", result.Chain[0].KeyType);
        Assert.Equal(2048, result.Chain[0].KeyBits);
        Assert.Equal("EC", result.Chain[1].KeyType);
        Assert.Equal(256, result.Chain[1].KeyBits);
        Assert.Equal(["DNS:www.test", "DNS:*.apps.test", "IP:127.0.0.1"], result.Chain[0].SubjectAltNames);
        Assert.InRange(result.Chain[0].DaysLeft, 88, 90);
    }

    [Fact]
    public async Task Check_Tls12Server_ReportsTls12AndOpenSslsCipherName()
    {
        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", servers.Tls12, Sni: "www.test"), TestContext.Current.CancellationToken);
        var oracle = await servers.SClientAsync(servers.Tls12, "www.test");

        Assert.Equal("TLSv1.2", result.Protocol);
        Assert.Equal(oracle.Protocol, result.Protocol);
        Assert.Equal(oracle.Cipher, result.CipherOpenSsl);
        Assert.StartsWith("TLS_ECDHE_RSA_WITH_", result.CipherSuite, StringComparison.Ordinal);
        Assert.Null(result.AlpnChosen);
    }

    [Fact]
    public async Task Check_WrongName_SaysWhatItIsIssuedFor_AsSClientsHostnameMismatch()
    {
        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", servers.Valid, Sni: "other.test"), TestContext.Current.CancellationToken);
        var oracle = await servers.SClientAsync(servers.Valid, "other.test");

        Assert.Equal(62, oracle.VerifyCode); // X509_V_ERR_HOSTNAME_MISMATCH
        Assert.Equal(TlsState.Invalid, result.State);
        Assert.Equal(ChainVerdict.Valid, result.ChainVerdict);
        Assert.False(result.NameMatches);
        Assert.Equal("issued for www.test, *.apps.test, not other.test", result.NameMessage);
        Assert.Contains("not other.test", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.apps.test", true)]
    [InlineData("a.b.apps.test", false)]
    [InlineData("apps.test", false)]
    public async Task Check_Wildcard_CoversOneLabel_AsSClient(string name, bool matches)
    {
        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", servers.Valid, Sni: name), TestContext.Current.CancellationToken);
        var oracle = await servers.SClientAsync(servers.Valid, name);

        Assert.Equal(matches, result.NameMatches);
        Assert.Equal(matches ? 0 : 62, oracle.VerifyCode);
    }

    [Fact]
    public async Task Check_AddressWithoutSni_ChecksTheAddressAgainstIpNames_AsSClientVerifyIp()
    {
        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", servers.Valid), TestContext.Current.CancellationToken);
        var oracle = await servers.SClientAsync(servers.Valid, null);

        Assert.Null(result.Sni);
        Assert.Equal("127.0.0.1", result.NameChecked);
        Assert.True(result.NameMatches);
        Assert.Equal(0, oracle.VerifyCode);
        Assert.Equal(TlsState.Valid, result.State);
    }

    [Fact]
    public async Task Check_Expired_SaysSinceWhen_AsSClientsCertificateHasExpired()
    {
        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", servers.Expired, Sni: "old.test"), TestContext.Current.CancellationToken);
        var oracle = await servers.SClientAsync(servers.Expired, "old.test");

        Assert.Equal(10, oracle.VerifyCode); // X509_V_ERR_CERT_HAS_EXPIRED
        Assert.Equal(TlsState.Invalid, result.State);
        Assert.Equal(ChainVerdict.Expired, result.ChainVerdict);
        var notAfter = result.Chain[0].NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal($"certificate CN=old.test,O=Socket Dashboard Tests has expired on {notAfter}", result.ChainProblems[0]);
        Assert.True(result.Chain[0].DaysLeft < 0);
        Assert.True(result.NameMatches);
        await AssertChainAsPresentedAsync(result, oracle);
    }

    [Fact]
    public async Task Check_SelfSigned_SaysSo_AsSClientsSelfSignedCertificate()
    {
        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", servers.SelfSigned, Sni: "self.test"), TestContext.Current.CancellationToken);
        var oracle = await servers.SClientAsync(servers.SelfSigned, "self.test");

        Assert.Equal(18, oracle.VerifyCode); // X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
        Assert.Equal(ChainVerdict.SelfSigned, result.ChainVerdict);
        Assert.True(result.Chain[0].SelfSigned);
        Assert.StartsWith("self-signed: CN=self.test", result.ChainProblems[0], StringComparison.Ordinal);
        await AssertChainAsPresentedAsync(result, oracle);
    }

    [Fact]
    public async Task Check_MissingIntermediate_NamesTheIssuerNotSent_AsSClientsUnableToGetLocalIssuer()
    {
        var result = await servers.Checker().CheckAsync(new TlsCheckRequest("127.0.0.1", servers.MissingIntermediate, Sni: "www.test"),
            TestContext.Current.CancellationToken);
        var oracle = await servers.SClientAsync(servers.MissingIntermediate, "www.test");

        Assert.Equal(21, oracle.VerifyCode); // X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: the leaf's issuer is nowhere
        Assert.Equal(ChainVerdict.Incomplete, result.ChainVerdict);
        Assert.Equal(
            "incomplete chain: the issuer of CN=www.test,O=Socket Dashboard Tests (CN=Lab Intermediate CA,O=Socket Dashboard Tests) was not sent and is not trusted here",
            result.ChainProblems[0]);
        Assert.Single(result.Chain);
        await AssertChainAsPresentedAsync(result, oracle);
    }

    [Fact]
    public async Task Check_WithoutTheLabRoot_ChainEndsInAnUntrustedRoot_AsSClientWithoutCaFile()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new Dashboard.Sockets.Tls.TlsOptions());
        var checker = new Dashboard.Sockets.Tls.TlsChecker(options, new Dashboard.Sockets.Tls.TrustRoots(options), TimeProvider.System);
        var result = await checker.CheckAsync(new TlsCheckRequest("127.0.0.1", servers.Valid, Sni: "www.test"), TestContext.Current.CancellationToken);
        var (_, oracle) = await TlsLab.OpenSslAsync("", "s_client", "-connect", $"127.0.0.1:{servers.Valid}", "-servername", "www.test");

        Assert.Contains("Verify return code: 20", oracle, StringComparison.Ordinal); // unable to get local issuer certificate
        Assert.Equal(ChainVerdict.UntrustedRoot, result.ChainVerdict);
        Assert.Equal(
            "untrusted root: the issuer of CN=Lab Intermediate CA,O=Socket Dashboard Tests (CN=Lab Root CA,O=Socket Dashboard Tests) is not trusted here",
            result.ChainProblems[0]);
    }

    /// <summary>Each certificate of ours equals openssl x509's view of the one s_client saw in the same place.</summary>
    internal static async Task AssertChainAsPresentedAsync(TlsCheckResult result, SClient oracle)
    {
        Assert.Equal(oracle.Certificates.Count, result.Chain.Count);
        for (var i = 0; i < result.Chain.Count; i++)
        {
            var ours = result.Chain[i];
            var theirs = await TlsServers.X509Async(oracle.Certificates[i]);
            Assert.Contains($"subject={ours.Subject}\n", theirs, StringComparison.Ordinal);
            Assert.Contains($"issuer={ours.Issuer}\n", theirs, StringComparison.Ordinal);
            Assert.Contains($"sha256 Fingerprint={ours.Sha256}\n", theirs, StringComparison.Ordinal);
            Assert.Contains($"serial={ours.SerialNumber}\n", theirs, StringComparison.Ordinal);
            Assert.Contains($"notAfter={OpenSslDate(ours.NotAfter)}\n", theirs, StringComparison.Ordinal);
            Assert.Contains($"notBefore={OpenSslDate(ours.NotBefore)}\n", theirs, StringComparison.Ordinal);
            Assert.Contains($"Signature Algorithm: {ours.SignatureAlgorithm}\n", theirs, StringComparison.Ordinal);
            Assert.Contains($"Public-Key: ({ours.KeyBits} bit)", theirs, StringComparison.Ordinal);
        }
    }

    // "Jan  2 03:04:05 2026 GMT", as openssl x509 prints a date.
    private static string OpenSslDate(DateTimeOffset at) =>
        at.UtcDateTime.ToString("MMM", CultureInfo.InvariantCulture) + " " + at.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + " "
        + at.UtcDateTime.ToString("HH:mm:ss yyyy", CultureInfo.InvariantCulture) + " GMT";
}
