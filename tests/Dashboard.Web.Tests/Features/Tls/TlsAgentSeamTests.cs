using System.Text.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Tls;

namespace Dashboard.Web.Tests.Features.Tls;

/// <summary>The agent seam of TLS checks against scripted agents: an old one is refused plainly, a forging one is cleaned.</summary>
public sealed class TlsAgentSeamTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static readonly string[] Loopback = ["127.0.0.1"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAgentWithoutTheTlsCapability_IsRefusedWithAConflict_AndSentNothing()
    {
        await using var agent = await ScriptedAgent.StartAsync(host, "old-tls", (self, command) => self.ReplyAsync(command, Loopback),
            ["probe", "scan", "udp", "listen", "tcp-send", AgentCapabilities.CheckedScans], Token);
        using var http = host.Http();

        using var response = await http.PostJsonAsync("api/tls", "{\"host\":\"127.0.0.1\",\"port\":443,\"from\":\"old-tls\"}", Token);

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal((409, "from: agent old-tls (version 9.9.9) cannot check TLS; upgrade the agent"), (status, detail));
        Assert.DoesNotContain(agent.Commands, c => c.Kind == AgentCommandKind.Tls);
    }

    [Fact]
    public async Task AForgedAnswer_IsTakenUnderTheRequestsTarget_WithItsTextsCleanedAndBounded()
    {
        var forged = new TlsCheckResult("elsewhere", "10.9.9.9", 1, TlsState.Valid, "ok\r\n2026-12-06 INFO admin signed in" + new string('x', 5_000),
            "www.test", null, "TLSv1.3", "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", ["h2"], "h2", 1, 1,
            [.. Enumerable.Repeat(new TlsCertificate("CN=a\u001b[2J", [], "CN=b", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1, "RSA", 2048, "x", "AA", "01", false), 100)],
            "www.test", true, "fine", ChainVerdict.Valid, [], "127.0.0.1:1", DateTimeOffset.UtcNow, Id: "forged-id");
        await using var agent = await ScriptedAgent.StartAsync(host, "forger-tls", (self, command) => self.ReplyAsync(command,
            command.Kind == AgentCommandKind.Tls ? forged : Loopback),
            ["probe", AgentCapabilities.CheckedScans, AgentCapabilities.Tls], Token);
        using var http = host.Http();

        using var response = await http.PostJsonAsync("api/tls", "{\"host\":\"127.0.0.1\",\"port\":8443,\"from\":\"forger-tls\"}", Token);

        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, body);
        var shown = JsonSerializer.Deserialize<TlsCheckResult>(body, JsonSerializerOptions.Web)!;
        Assert.Equal(("127.0.0.1", "127.0.0.1", 8443, "forger-tls"), (shown.Host, shown.Address, shown.Port, shown.From));
        Assert.NotEqual("forged-id", shown.Id);
        Assert.StartsWith("ok  2026-12-06 INFO admin signed in", shown.Message, StringComparison.Ordinal);
        Assert.Equal(512, shown.Message.Length);
        Assert.Equal(32, shown.Chain.Count);
        Assert.DoesNotContain('\u001b', shown.Chain[0].Subject);
    }
}
