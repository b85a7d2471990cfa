using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Agents;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Agents;

/// <summary>Agent tokens and user tokens each open their own doors only; agents are an Admin's to make and revoke.</summary>
public sealed class AgentAccessTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AgentHub_RefusesUserTokens_AndUserDoorsRefuseAgentTokens()
    {
        using var admin = host.Http();
        using var created = await admin.PostJsonAsync("api/agents", "{\"name\":\"door-test\"}", Token);
        var agent = (await created.Content.ReadFromJsonAsync<AgentCreated>(Token))!;

        var asUser = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => ConnectAgentHubAsync(host.AdminToken));
        using var agentOnApi = host.Http(agent.Token);
        using var api = await agentOnApi.GetAsync("api/scans", Token);
        var userHub = await Assert.ThrowsAsync<HttpRequestException>(() => host.ConnectHubAsync(Token, agent.Token));
        await using var asAgent = await ConnectAgentHubAsync(agent.Token);

        Assert.Contains("status code '401'", asUser.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, userHub.StatusCode);
        Assert.Equal(HubConnectionState.Connected, asAgent.State);
        Assert.StartsWith("sda_", agent.Token);
        Assert.Equal(agent.Token[..8], agent.Agent.TokenPrefix);
    }

    [Fact]
    public async Task Agents_AreAnAdminsToMake_WithAValidUniqueName()
    {
        using var admin = host.Http();
        using var first = await admin.PostJsonAsync("api/agents", "{\"name\":\"Edge-1\"}", Token);
        using var taken = await admin.PostJsonAsync("api/agents", "{\"name\":\"edge-1\"}", Token);
        using var bad = await admin.PostJsonAsync("api/agents", "{\"name\":\"no spaces\"}", Token);
        using var local = await admin.PostJsonAsync("api/agents", "{\"name\":\"local\"}", Token);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("edge-1", (await first.Content.ReadFromJsonAsync<AgentCreated>(Token))!.Agent.Name);
        Assert.Equal(409, (await taken.ProblemAsync(Token)).Status);
        var (status, detail, _) = await bad.ProblemAsync(Token);
        Assert.Equal((400, "name may hold only letters, digits, '.', '-' and '_', and start with a letter or digit, got 'no spaces'"), (status, detail));
        Assert.Equal(400, (await local.ProblemAsync(Token)).Status);
        using var list = await admin.GetAsync("api/agents", Token);
        Assert.Contains(await list.Content.ReadFromJsonAsync<List<AgentInfo>>(Token) ?? [], a => a.Name == "edge-1" && a.Status == AgentStatus.Offline);
    }

    [Fact]
    public async Task OfflineAgent_AsFrom_IsAConflictSayingSo()
    {
        using var admin = host.Http();
        using var created = await admin.PostJsonAsync("api/agents", "{\"name\":\"sleepy\"}", Token);

        using var probe = await admin.PostJsonAsync("api/probe", "{\"host\":\"127.0.0.1\",\"port\":1,\"from\":\"sleepy\"}", Token);

        var (status, detail, _) = await probe.ProblemAsync(Token);
        Assert.Equal(409, status);
        Assert.StartsWith("from: agent sleepy is offline (last seen never)", detail);
    }

    private async Task<HubConnection> ConnectAgentHubAsync(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, AgentHubRoutes.Path.TrimStart('/')), options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .Build();
        try
        {
            await connection.StartAsync(Token);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
