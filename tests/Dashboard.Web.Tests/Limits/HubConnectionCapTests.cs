using System.Net;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Dashboard.Web.Limits;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Limits;

/// <summary>
/// <c>Limits:HubConnectionsPerUser</c> (2 here): one user's next connection is refused 429 with <c>Retry-After</c>
/// before it costs a WebSocket; their other connections and other users go on. Each test has users of its own.
/// </summary>
public sealed class HubConnectionCapTests(HubConnectionCapTests.TwoPerUser host) : IClassFixture<HubConnectionCapTests.TwoPerUser>
{
    public const string Refusal = "you hold 2 connections to /hubs/probe, the most one user may (Limits:HubConnectionsPerUser); close one first";

    /// <summary>A dashboard that lets each user hold two hub connections.</summary>
    public sealed class TwoPerUser : IAsyncDisposable
    {
        private Actor Setup => Host.Admin;

        public DashboardHost Host { get; } = DashboardHost.With(new() { ["Limits:HubConnectionsPerUser"] = "2" });

        /// <summary>A new Operator and their token.</summary>
        public async Task<string> TokenForAsync(string name)
        {
            var accounts = Host.Services.GetRequiredService<AccountService>();
            var user = await accounts.AddUserAsync(Setup, name, $"{name}-password-123", Role.Operator, CancellationToken.None);
            return (await accounts.CreateTokenAsync(Setup with { Id = user.Id, Name = name, Role = Role.Operator }, "test", Role.Operator, null, CancellationToken.None)).Secret;
        }

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private DashboardHost Dashboard => host.Host;

    [Fact]
    public async Task HubConnection_PastTheUsersCap_IsRefused429WithRetryAfter_AndTheirOtherConnectionsAndOtherUsersGoOn()
    {
        var alice = await host.TokenForAsync("alice");
        var bob = await host.TokenForAsync("bob");
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        await using var first = await Dashboard.ConnectHubAsync(Token, alice);
        await using var second = await Dashboard.ConnectHubAsync(Token, alice);

        var negotiated = await Assert.ThrowsAsync<HttpRequestException>(() => Dashboard.ConnectHubAsync(Token, alice));
        var (status, retryAfter, body) = await RawUpgrade.SendAsync(Dashboard.BaseAddress, ProbeHubRoutes.Path, alice, Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, negotiated.StatusCode);
        Assert.Equal((429, "5"), (status, retryAfter));
        Assert.Equal(Refusal, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        foreach (var connection in new[] { first, second })
        {
            var result = await connection.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", closed.Ports[0]), Token);
            Assert.Equal(ProbeState.Closed, result.State);
        }

        await using var other = await Dashboard.ConnectHubAsync(Token, bob);
        Assert.Equal(ProbeState.Closed, (await other.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", closed.Ports[0]), Token)).State);
    }

    [Fact]
    public async Task Negotiation_PastTheUsersCap_IsAProblemWithRetryAfter()
    {
        var carol = await host.TokenForAsync("carol");
        await using var first = await Dashboard.ConnectHubAsync(Token, carol);
        await using var second = await Dashboard.ConnectHubAsync(Token, carol);
        using var http = Dashboard.Http(carol);

        using var response = await http.PostAsync(new Uri("hubs/probe/negotiate?negotiateVersion=1", UriKind.Relative), null, Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter?.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Refusal, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ClosingAConnection_GivesItsPlaceBack()
    {
        var dave = await host.TokenForAsync("dave");
        await using var kept = await Dashboard.ConnectHubAsync(Token, dave);
        var closing = await Dashboard.ConnectHubAsync(Token, dave);

        await closing.DisposeAsync();
        await WaitUntilAsync(async () => await HeldByAsync("dave") == 1);

        await using var again = await Dashboard.ConnectHubAsync(Token, dave);
        Assert.Equal(HubConnectionState.Connected, again.State);
    }

    [Fact]
    public async Task LongPollingConnections_CountTowardTheCapToo()
    {
        var erin = await host.TokenForAsync("erin");
        await using var first = await LongPollingAsync(erin);
        await using var second = await LongPollingAsync(erin);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => LongPollingAsync(erin));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(2, await HeldByAsync("erin"));
    }

    private async Task<HubConnection> LongPollingAsync(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Dashboard.BaseAddress, "hubs/probe"), HttpTransportType.LongPolling, o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
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

    /// <summary>Hub connections the server counts for <paramref name="userName"/> now.</summary>
    private async Task<int> HeldByAsync(string userName)
    {
        await using var scope = Dashboard.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>().FindByNameAsync(userName);
        return Dashboard.Services.GetRequiredService<ConnectionCounts>().HubConnectionsOf(user!.Id);
    }

    /// <summary>The server learns of a close a moment after the client has closed.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }
}
