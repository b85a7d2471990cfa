using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dashboard.Contracts.Reproduce;
using Dashboard.Contracts.Tls;

namespace Dashboard.Web.Tests.Features.Reproduce;

/// <summary>
/// The TLS lab (a valid chain, expired, self-signed, missing intermediate) and the real STARTTLS servers, with one
/// certificate authority, and a dashboard that trusts it.
/// </summary>
public sealed class TlsReproduceLab : IAsyncLifetime
{
    public StartTlsServers Mail { get; } = new();

    public DashboardHost Host { get; private set; } = null!;

    public Dictionary<string, int> Ports { get; } = [];

    public async ValueTask InitializeAsync()
    {
        await Mail.InitializeAsync();
        Ports["valid"] = await Mail.Lab.ServeAsync("leaf", "inter");
        Ports["expired"] = await Mail.Lab.ServeAsync("expired", "inter");
        Ports["self"] = await Mail.Lab.ServeAsync("self", null);
        Ports["missing"] = await Mail.Lab.ServeAsync("leaf", null);
        Host = DashboardHost.With(new() { ["Sockets:Tls:ExtraTrustedCaFiles:0"] = Mail.Lab.RootPem });
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Mail.DisposeAsync();
    }
}

/// <summary>
/// The openssl lines generated for a TLS check, run by <c>sh</c> from the same place, reach the dashboard's verdicts:
/// the same protocol and cipher, the same chain verdict (openssl's verify error mapped to ours) and the same name verdict.
/// </summary>
public sealed partial class ReproduceTlsTests(TlsReproduceLab lab) : IClassFixture<TlsReproduceLab>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("valid", "www.test", ChainVerdict.Valid, true)]
    [InlineData("valid", "other.test", ChainVerdict.Valid, false)]
    [InlineData("expired", "old.test", ChainVerdict.Expired, true)]
    [InlineData("self", "self.test", ChainVerdict.SelfSigned, true)]
    [InlineData("missing", "www.test", ChainVerdict.Incomplete, true)]
    public async Task TlsCheck_TheOpenSslLine_ReachesTheSameChainAndNameVerdicts(string server, string sni, ChainVerdict verdict, bool nameMatches)
    {
        var result = await CheckAsync($"{{\"host\":\"127.0.0.1\",\"port\":{lab.Ports[server]},\"sni\":\"{sni}\"}}");
        var brief = await BriefLineAsync(result);

        var output = await ShellRun.RunAsync("sh", brief, TimeSpan.FromSeconds(20), Token);

        Assert.Equal(((ChainVerdict?)verdict, (bool?)nameMatches), (result.ChainVerdict, result.NameMatches));
        Assert.Equal((result.ChainVerdict, result.NameMatches), OpenSslVerdicts(output.All));
        Assert.Contains($"Protocol version: {result.Protocol}", output.All, StringComparison.Ordinal);
        Assert.Contains($"Ciphersuite: {result.CipherSuite}", output.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smtp", StartTlsServers.Smtp)]
    [InlineData("imap", StartTlsServers.Imap)]
    [InlineData("pop3", StartTlsServers.Pop3)]
    [InlineData("ftp", StartTlsServers.Ftp)]
    public async Task StartTlsCheck_TheOpenSslLine_UpgradesTheRealServerAndAgrees(string protocol, int port)
    {
        var result = await CheckAsync($"{{\"host\":\"{lab.Mail.Address}\",\"port\":{port},\"sni\":\"www.test\",\"startTls\":\"{protocol}\",\"alpn\":[]}}");
        var brief = await BriefLineAsync(result);

        var output = await ShellRun.RunAsync("sh", brief, TimeSpan.FromSeconds(20), Token);

        Assert.Contains($"-starttls {protocol}", brief, StringComparison.Ordinal);
        Assert.True(result.State == TlsState.Valid, result.Message);
        Assert.Equal(((ChainVerdict?)ChainVerdict.Valid, (bool?)true), OpenSslVerdicts(output.All));
        Assert.Contains($"Protocol version: {result.Protocol}", output.All, StringComparison.Ordinal);
        Assert.Contains($"Ciphersuite: {result.CipherSuite}", output.All, StringComparison.Ordinal);
    }

    // openssl prints "verify error:num=N:..." for each problem it meets, and its verdict ("Verify return code") is the last
    // one: 62 is the name, the last other the chain's (a leaf sent alone: 20 for the issuer not found, then 21).
    private static (ChainVerdict? Chain, bool? NameMatches) OpenSslVerdicts(string output)
    {
        var codes = VerifyError().Matches(output).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(output.Contains("CONNECTION ESTABLISHED", StringComparison.Ordinal), output);
        ChainVerdict? chain = codes.LastOrDefault(c => c != 62) switch
        {
            0 => ChainVerdict.Valid,
            9 => ChainVerdict.NotYetValid,
            10 => ChainVerdict.Expired,
            18 => ChainVerdict.SelfSigned,
            19 or 20 => ChainVerdict.UntrustedRoot,
            21 => ChainVerdict.Incomplete,
            _ => ChainVerdict.Other,
        };
        return (chain, !codes.Contains(62));
    }

    private async Task<TlsCheckResult> CheckAsync(string json)
    {
        using var http = ApiClient.For(lab.Host);
        using var response = await http.PostJsonAsync("api/tls", json, Token);
        var result = await response.Content.ReadFromJsonAsync<TlsCheckResult>(Dashboard.Web.Hosting.WireJson.Options, Token);
        Assert.NotNull(result?.Id);
        return result;
    }

    private async Task<string> BriefLineAsync(TlsCheckResult result)
    {
        using var http = ApiClient.For(lab.Host);
        var commands = await http.GetFromJsonAsync<ReproduceCommands>(new Uri($"api/history/{result.Id}/commands", UriKind.Relative),
            Dashboard.Web.Hosting.WireJson.Options, Token);
        return commands!.Commands.First(c => c.Tool == "openssl" && c.Line.Contains(" -brief ", StringComparison.Ordinal)).Line;
    }

    [GeneratedRegex(@"verify error:num=(\d+):")]
    private static partial Regex VerifyError();
}
