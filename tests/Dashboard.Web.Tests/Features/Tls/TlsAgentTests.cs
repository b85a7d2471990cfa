using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Contracts.Tls;

namespace Dashboard.Web.Tests.Features.Tls;

/// <summary>A TLS check from a real agent process, at a server only its namespace has.</summary>
[Collection(AgentLabGroup.Name)]
public sealed class TlsAgentTests(AgentLab lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CheckFromAgent_ReachesAServerOnlyItsNamespaceHas_AndJudgesWithItsOwnTrust()
    {
        using var tls = new TlsLab();
        var port = await tls.ServeInAsync(lab.Network.A, "leaf", "inter");

        var fromAlpha = await CheckAsync($"{{\"host\":\"127.0.0.1\",\"port\":{port},\"sni\":\"www.test\",\"from\":\"alpha\"}}");
        var fromServer = await CheckAsync($"{{\"host\":\"127.0.0.1\",\"port\":{port},\"sni\":\"www.test\"}}");

        Assert.Equal(("alpha", "127.0.0.1", "www.test"), (fromAlpha.From, fromAlpha.Address, fromAlpha.Sni));
        Assert.Equal(["CN=www.test,O=Socket Dashboard Tests", "CN=Lab Intermediate CA,O=Socket Dashboard Tests"], fromAlpha.Chain.Select(c => c.Subject));
        Assert.True(fromAlpha.NameMatches);
        // The agent trusts only its system's store: the lab's root is not in it.
        Assert.Equal((TlsState.Invalid, ChainVerdict.UntrustedRoot), (fromAlpha.State, fromAlpha.ChainVerdict));
        Assert.NotNull(fromAlpha.Id);
        Assert.Equal(TlsState.Unreachable, fromServer.State);
    }

    private async Task<TlsCheckResult> CheckAsync(string json)
    {
        using var response = await lab.Http.PostJsonAsync("api/tls", json, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize<TlsCheckResult>(body, JsonSerializerOptions.Web)!;
    }
}
