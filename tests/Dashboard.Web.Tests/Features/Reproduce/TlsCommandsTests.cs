using Dashboard.Contracts.Tls;
using Dashboard.Web.Features.Reproduce;

namespace Dashboard.Web.Tests.Features.Reproduce;

/// <summary>Which CA file the openssl lines trust: the dashboard's own for its own checks, none for an agent's.</summary>
public sealed class TlsCommandsTests
{
    private static readonly TlsCheckResult Checked = new("www.test", "127.0.0.1", 443, TlsState.Valid, "ok", "www.test", null, "TLSv1.3", null, null, [], null,
        1, 1, [], "www.test", true, "matches", ChainVerdict.Valid, [], null, DateTimeOffset.UnixEpoch) { From = "this server" };

    [Fact]
    public void ACheckOfThisServer_GivesOpensslTheFirstTrustedCaFile_AndNamesTheOthers()
    {
        var commands = TlsCommands.For(Checked, ["/etc/dashboard/it's-ca.pem", "/etc/dashboard/other.pem"]);

        var brief = commands.Commands[0];
        Assert.Contains(" -CAfile '/etc/dashboard/it'\\''s-ca.pem' ", brief.Line, StringComparison.Ordinal);
        Assert.DoesNotContain("other.pem", brief.Line, StringComparison.Ordinal);
        Assert.EndsWith("(the dashboard also trusts /etc/dashboard/other.pem, which openssl is not given)", brief.Note, StringComparison.Ordinal);
        Assert.All(commands.Commands.Where(c => c.Tool == "openssl"), c => Assert.Contains("-CAfile", c.Line, StringComparison.Ordinal));
    }

    [Fact]
    public void AnAgentsCheck_GivesNoCaFile_TheAgentsTrustIsItsOwn()
    {
        var commands = TlsCommands.For(Checked with { From = "edge-1" }, ["/etc/dashboard/ca.pem"]);

        Assert.Equal("edge-1", commands.Where);
        Assert.All(commands.Commands, c => Assert.DoesNotContain("-CAfile", c.Line, StringComparison.Ordinal));
    }
}
