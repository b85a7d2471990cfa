using Dashboard.Contracts.Identify;

namespace Dashboard.Sockets.Tests.Identify;

/// <summary>Real servers from apt in a namespace of the test's own; nmap -sV on the same ports is the oracle.</summary>
public sealed class ServiceIdentifierNmapTests(ServiceLab lab) : IClassFixture<ServiceLab>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Identify_RealServers_NamesEqualNmapsAndProductsAgree()
    {
        var nmap = await NmapServices.ScanAsync(lab.Address, ServiceLab.Servers, Token);
        var identifier = Engine.Identifier();

        foreach (var port in ServiceLab.Servers)
        {
            var ours = await identifier.IdentifyAsync(new IdentifyRequest(lab.Address, port), Token);
            var theirs = nmap[port];

            Assert.Equal("probed", theirs.Method);
            Assert.True(theirs.Name == ours.Service, $"port {port}: nmap says {theirs.Name}, we say {ours.Service} ({ours.Message})");
            Assert.Equal(IdentifyState.Identified, ours.State);
            Assert.Equal(IdentifyConfidence.High, ours.Confidence);
            Assert.NotNull(ours.Bytes);
            if (theirs.Product is not null && ours.Product is not null)
            {
                Assert.True(theirs.Product.StartsWith(ours.Product, StringComparison.OrdinalIgnoreCase), $"port {port}: nmap's product {theirs.Product}, ours {ours.Product}");
            }

            if (theirs.Version is not null && ours.Version is not null)
            {
                Assert.True(theirs.Version.StartsWith(ours.Version, StringComparison.Ordinal), $"port {port}: nmap's version {theirs.Version}, ours {ours.Version}");
            }
        }
    }

    [Theory]
    [InlineData(ServiceLab.Ssh, "ssh", "OpenSSH", "banner")]
    [InlineData(ServiceLab.Http, "http", "lighttpd", "http")]
    [InlineData(ServiceLab.Smtp, "smtp", "Exim smtpd", "banner")]
    [InlineData(ServiceLab.Redis, "redis", "Redis key-value store", "redis")]
    [InlineData(ServiceLab.Postgres, "postgresql", "PostgreSQL DB", "postgresql")]
    public async Task Identify_RealServer_SaysHowItWasLearnedAndWhatWasSaid(int port, string service, string product, string learnedBy)
    {
        var result = await Engine.Identifier().IdentifyAsync(new IdentifyRequest(lab.Address, port), Token);

        Assert.Equal((service, product, learnedBy), (result.Service, result.Product, result.LearnedBy));
        Assert.Equal(lab.Address, result.Address);
        Assert.NotEmpty(result.Bytes!.Hex);
        Assert.Equal(learnedBy == "banner" ? 1 : 0, result.Tried.Count(t => t.Probe == "banner" && t.Outcome == "answered"));
    }

    [Fact]
    public async Task Identify_AnnouncedVersions_AreReadFromTheServersOwnWords()
    {
        var identifier = Engine.Identifier();
        var ssh = await identifier.IdentifyAsync(new IdentifyRequest(lab.Address, ServiceLab.Ssh), Token);
        var http = await identifier.IdentifyAsync(new IdentifyRequest(lab.Address, ServiceLab.Http), Token);
        var redis = await identifier.IdentifyAsync(new IdentifyRequest(lab.Address, ServiceLab.Redis), Token);

        Assert.StartsWith($"SSH-2.0-OpenSSH_{ssh.Version}", ssh.Bytes!.Text, StringComparison.Ordinal);
        Assert.Contains($"Server: lighttpd/{http.Version}", http.Bytes!.Text, StringComparison.Ordinal);
        var redisVersion = NetworkNamespaces.Run("redis-server", "--version");
        Assert.Contains($"v={redis.Version} ", redisVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identify_SilentPort_IsSilentAfterEveryProbe()
    {
        var result = await Engine.Identifier().IdentifyAsync(new IdentifyRequest(lab.Address, ServiceLab.Silent), Token);

        Assert.Equal(IdentifyState.Silent, result.State);
        Assert.Null(result.Service);
        Assert.Equal(IdentifyConfidence.None, result.Confidence);
        Assert.Equal(["banner", "http", "tls", "redis", "postgresql"], result.Tried.Select(t => t.Probe));
        Assert.All(result.Tried, t => Assert.Equal("silent", t.Outcome));
    }

    [Fact]
    public async Task Identify_ClosedPort_IsClosedWithEconnrefusedAsNmapSeesIt()
    {
        var nmap = await NmapServices.ScanAsync(lab.Address, [ServiceLab.Closed], Token);

        var result = await Engine.Identifier().IdentifyAsync(new IdentifyRequest(lab.Address, ServiceLab.Closed), Token);

        Assert.Equal("closed", nmap[ServiceLab.Closed].State);
        Assert.Equal(IdentifyState.Closed, result.State);
        Assert.Equal((111, "ECONNREFUSED"), (result.Code, result.CodeName));
        Assert.Single(result.Tried);
    }
}
