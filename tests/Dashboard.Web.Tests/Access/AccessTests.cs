using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Dashboard.Web.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Access;

/// <summary>Who may do what, through the hub and the REST API, with real tokens in a real database.</summary>
public sealed class AccessTests(AccessTests.Team team) : IClassFixture<AccessTests.Team>
{
    /// <summary>A dashboard with a Viewer, two Operators and their tokens.</summary>
    public sealed class Team : IAsyncLifetime
    {
        private Actor Setup => Host.Admin;

        public DashboardHost Host { get; } = new();

        public string Viewer { get; private set; } = "";

        public string Operator { get; private set; } = "";

        public string OtherOperator { get; private set; } = "";

        public AccountService Accounts => Host.Services.GetRequiredService<AccountService>();

        public async ValueTask InitializeAsync()
        {
            Viewer = await TokenForAsync("vera", Role.Viewer);
            Operator = await TokenForAsync("otto", Role.Operator);
            OtherOperator = await TokenForAsync("olga", Role.Operator);
        }

        public async Task<string> TokenForAsync(string name, Role role)
        {
            var user = await Accounts.AddUserAsync(Setup, name, $"{name}-password-123", role, CancellationToken.None);
            return (await Accounts.CreateTokenAsync(Setup with { Id = user.Id, Name = name, Role = role }, "test", role, null, CancellationToken.None)).Secret;
        }

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoToken_RestIs401Problem_AndTheHubRefusesToNegotiate()
    {
        using var http = team.Host.Http(token: "");

        using var response = await http.PostAsJsonAsync(new Uri("api/probe", UriKind.Relative), new ProbeRequest("127.0.0.1", 9), Token);
        var hub = new HubConnectionBuilder().WithUrl(new Uri(team.Host.BaseAddress, "hubs/probe")).Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync(Token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("sign in first", (await response.ProblemAsync(Token)).Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Viewer_IsRefusedProbe_ButMayWatchAndList()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        await using var hub = await team.Host.ConnectHubAsync(Token, team.Viewer);
        using var http = team.Host.Http(team.Viewer);

        var hubError = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", listener.Port), Token));
        using var rest = await http.PostAsJsonAsync(new Uri("api/probe", UriKind.Relative), new ProbeRequest("127.0.0.1", listener.Port), Token);
        var listed = await hub.InvokeAsync<ListenerInfo[]>(ProbeHubRoutes.ListListeners, Token);
        using var scans = await http.GetAsync(new Uri("api/scans", UriKind.Relative), Token);

        Assert.EndsWith("probing needs the Operator role; vera is a Viewer", hubError.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, rest.StatusCode);
        Assert.Equal("probing needs the Operator role; vera is a Viewer", (await rest.ProblemAsync(Token)).Detail);
        Assert.NotNull(listed);
        Assert.Equal(HttpStatusCode.OK, scans.StatusCode);
    }

    [Fact]
    public async Task Operator_Probes_AndCannotCloseAnothersListener()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        await using var otto = await team.Host.ConnectHubAsync(Token, team.Operator);
        await using var olga = await team.Host.ConnectHubAsync(Token, team.OtherOperator);

        var probe = await otto.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", listener.Port), Token);
        var hers = await olga.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", 0), Token);
        var refused = await Assert.ThrowsAsync<HubException>(() => otto.InvokeAsync(ProbeHubRoutes.CloseListener, hers.Id, Token));
        await olga.InvokeAsync(ProbeHubRoutes.CloseListener, hers.Id, Token);

        Assert.Equal(ProbeState.Open, probe.State);
        Assert.Equal("olga", hers.Owner);
        Assert.EndsWith($"closing listener {hers.Id}: it belongs to olga; only its owner or an Admin may do that", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedExpiredAndDisabledUsersTokens_AreRefused()
    {
        var revoked = await team.TokenForAsync("rita", Role.Operator);
        var expired = await team.TokenForAsync("eric", Role.Operator);
        var disabled = await team.TokenForAsync("dora", Role.Operator);
        var tokens = (await team.Accounts.ListTokensAsync(team.Host.Admin, everyone: true, Token)).ToList();
        var admin = team.Host.Admin;
        await team.Accounts.RevokeTokenAsync(admin, tokens.Single(t => t.Owner == "rita").Id, Token);
        await using (var scope = team.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            var ericsId = tokens.Single(x => x.Owner == "eric").Id;
            var eric = db.ApiTokens.Single(t => t.Id == ericsId);
            eric.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync(Token);
            var dora = await scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>().FindByNameAsync("dora");
            await team.Accounts.SetDisabledAsync(admin, dora!.Id, disabled: true, Token);
        }

        team.Host.Services.GetRequiredService<ApiTokens>().Forget();
        foreach (var token in new[] { revoked, expired, disabled })
        {
            using var http = team.Host.Http(token);
            using var response = await http.GetAsync(new Uri("api/listeners", UriKind.Relative), Token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(team.Host.BaseAddress, "hubs/probe"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync(Token))).StatusCode);
        }
    }

    [Fact]
    public async Task Token_NeverActsAboveItsUsersPresentRole()
    {
        var token = await team.TokenForAsync("demi", Role.Operator);
        var admin = team.Host.Admin;
        var demi = (await team.Accounts.ListUsersAsync(admin, Token)).Single(u => u.UserName == "demi");
        await team.Accounts.SetRoleAsync(admin, demi.Id, Role.Viewer, Token);
        using var http = team.Host.Http(token);

        using var response = await http.PostAsJsonAsync(new Uri("api/probe", UriKind.Relative), new ProbeRequest("127.0.0.1", 9), Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
