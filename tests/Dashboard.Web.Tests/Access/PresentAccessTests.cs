using System.Diagnostics;
using System.Net;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Dashboard.Web.Persistence;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Access;

/// <summary>
/// Powers end the moment they are taken away, on connections already open: hub connections with tokens, browser
/// sign-ins, and the services' own check of an Admin's present role. The periodic re-read is set to a minute here, so
/// what happens within seconds can only be the announced change.
/// </summary>
public sealed class PresentAccessTests(PresentAccessTests.Dashboard dashboard) : IClassFixture<PresentAccessTests.Dashboard>
{
    public sealed class Dashboard : IAsyncLifetime
    {
        public DashboardHost Host { get; } = DashboardHost.With(new() { ["Auth:RecheckSeconds"] = "60" });

        public AccountService Accounts => Host.Services.GetRequiredService<AccountService>();

        /// <summary>A new user with a token of their role.</summary>
        public async Task<(string Id, string Token)> UserAsync(string name, Role role)
        {
            var user = await Accounts.AddUserAsync(Host.Admin, name, $"{name}-password-123", role, CancellationToken.None);
            var actor = new Actor(user.Id, name, role, IPAddress.Loopback, Door.Ui);
            return (user.Id, (await Accounts.CreateTokenAsync(actor, "test", role, null, CancellationToken.None)).Secret);
        }

        public ValueTask InitializeAsync() => ValueTask.CompletedTask;

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }

    /// <summary>Far below the minute of the periodic re-read, far above what an announced change takes on a loaded machine.</summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DisablingAUser_ClosesTheirOpenHubConnection_AndItCanProbeNoMore()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var (id, token) = await dashboard.UserAsync("pa-dina", Role.Operator);
        await using var hub = await dashboard.Host.ConnectHubAsync(Token, token);
        var closed = Closed(hub);
        Assert.Equal(ProbeState.Open, (await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", listener.Port), Token)).State);

        var clock = Stopwatch.StartNew();
        await dashboard.Accounts.SetDisabledAsync(dashboard.Host.Admin, id, disabled: true, Token);
        await closed.WaitAsync(Promptly, Token);

        Assert.True(clock.Elapsed < Promptly, $"closed after {clock.Elapsed}");
        TestContext.Current.TestOutputHelper?.WriteLine($"disable → hub connection closed: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        await Assert.ThrowsAnyAsync<Exception>(() => hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", listener.Port), Token));
    }

    [Fact]
    public async Task RevokingAToken_ClosesTheHubConnectionItOpened_AndRestRefusesIt()
    {
        var (_, token) = await dashboard.UserAsync("pa-remy", Role.Operator);
        await using var hub = await dashboard.Host.ConnectHubAsync(Token, token);
        var closed = Closed(hub);
        var tokenId = (await dashboard.Accounts.ListTokensAsync(dashboard.Host.Admin, everyone: true, Token)).Single(t => t.Owner == "pa-remy").Id;

        await dashboard.Accounts.RevokeTokenAsync(dashboard.Host.Admin, tokenId, Token);
        await closed.WaitAsync(Promptly, Token);
        using var http = dashboard.Host.Http(token);
        using var rest = await http.GetAsync(new Uri("api/listeners", UriKind.Relative), Token);

        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        Assert.Equal(HttpStatusCode.Unauthorized, rest.StatusCode);
    }

    [Fact]
    public async Task DemotingAUser_DowngradesTheirOpenHubConnection_AtTheNextCall()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var (id, token) = await dashboard.UserAsync("pa-demo", Role.Operator);
        await using var hub = await dashboard.Host.ConnectHubAsync(Token, token);
        await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", listener.Port), Token);

        await dashboard.Accounts.SetRoleAsync(dashboard.Host.Admin, id, Role.Viewer, Token);
        var probe = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", listener.Port), Token));
        var listener2 = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", 0), Token));
        var listed = await hub.InvokeAsync<ListenerInfo[]>(ProbeHubRoutes.ListListeners, Token);

        Assert.EndsWith("probing needs the Operator role; pa-demo is a Viewer", probe.Message, StringComparison.Ordinal);
        Assert.Contains("needs the Operator role", listener2.Message, StringComparison.Ordinal);
        Assert.NotNull(listed);
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    [Fact]
    public async Task DisablingAUser_EndsTheirBrowserSignIn_AtOnce_NotAfterAMinute()
    {
        await dashboard.UserAsync("pa-bria", Role.Operator);
        var (browser, _, location) = await SignIn.AsAsync(dashboard.Host.BaseAddress, "pa-bria", "pa-bria-password-123", Token);
        using var _ = browser;
        Assert.Equal("/", location);
        using (var before = await browser.GetAsync(new Uri("api/listeners", UriKind.Relative), Token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var bria = (await dashboard.Accounts.ListUsersAsync(dashboard.Host.Admin, Token)).Single(u => u.UserName == "pa-bria");
        await dashboard.Accounts.SetDisabledAsync(dashboard.Host.Admin, bria.Id, disabled: true, Token);
        using var after = await browser.GetAsync(new Uri("api/listeners", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnAdminDemotedMeanwhile_CannotManageUsers_WhateverRoleTheirActorStillCarries()
    {
        var (id, _) = await dashboard.UserAsync("pa-adam", Role.Admin);
        var staleActor = new Actor(id, "pa-adam", Role.Admin, IPAddress.Loopback, Door.Ui);
        await dashboard.Accounts.SetRoleAsync(dashboard.Host.Admin, id, Role.Viewer, Token);

        var add = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            dashboard.Accounts.AddUserAsync(staleActor, "pa-eve", "pa-eve-password-1", Role.Admin, Token));
        var promote = await Assert.ThrowsAsync<RequestRefusedException>(() => dashboard.Accounts.SetRoleAsync(staleActor, id, Role.Admin, Token));

        Assert.Equal(ErrorKind.Forbidden, add.Kind);
        Assert.Equal("adding users needs the Admin role; pa-adam is now a Viewer", add.Message);
        Assert.Equal(ErrorKind.Forbidden, promote.Kind);
        Assert.DoesNotContain(await dashboard.Accounts.ListUsersAsync(dashboard.Host.Admin, Token), u => u.UserName == "pa-eve");
    }

    [Fact]
    public async Task AnIdleConnection_WhoseTokenExpires_IsClosedByThePeriodicReRead()
    {
        await using var host = DashboardHost.With(new() { ["Auth:RecheckSeconds"] = "1" });
        var accounts = host.Services.GetRequiredService<AccountService>();
        var user = await accounts.AddUserAsync(host.Admin, "pa-ezra", "pa-ezra-password-1", Role.Operator, Token);
        var secret = (await accounts.CreateTokenAsync(new Actor(user.Id, "pa-ezra", Role.Operator, IPAddress.Loopback, Door.Ui), "t", Role.Operator, null, Token)).Secret;
        await using var hub = await host.ConnectHubAsync(Token, secret);
        var closed = Closed(hub);

        // Expiry announces nothing: only the re-read finds it.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            var row = db.ApiTokens.Single(t => t.UserId == user.Id);
            row.ExpiresAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(Token);
        }

        await closed.WaitAsync(Promptly, Token);
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    private static Task Closed(HubConnection hub)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }
}
