using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Account;

/// <summary>Passwords that are long but guessable, taken names, and deleting users: the account rules on a real host and database.</summary>
public sealed class UserAccountRulesTests(UserAccountRulesTests.Host fixture) : IClassFixture<UserAccountRulesTests.Host>
{
    public sealed class Host : IAsyncLifetime
    {
        public DashboardHost Dashboard { get; } = new();

        public AccountService Accounts => Dashboard.Services.GetRequiredService<AccountService>();

        public ValueTask InitializeAsync() => ValueTask.CompletedTask;

        public async ValueTask DisposeAsync() => await Dashboard.DisposeAsync();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private AccountService Accounts => fixture.Accounts;

    private Actor Admin => fixture.Dashboard.Admin;

    [Theory]
    [InlineData("aaaaaaaaaaaa", "password: Passwords must have at least 5 different characters; this one has 1.")]
    [InlineData("abababababababab", "password: Passwords must have at least 5 different characters; this one has 2.")]
    [InlineData("Password1234", "password: This password is on the list of the most common passwords; choose another.")]
    [InlineData("qwertyuiop123", "password: This password is on the list of the most common passwords; choose another.")]
    public async Task AddUser_WithAGuessableLongPassword_IsRefused_NamingTheField(string password, string expected)
    {
        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => Accounts.AddUserAsync(Admin, "pw-weak", password, Role.Viewer, Token));

        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangePassword_ToOneRepeatedLetter_IsRefused_NamingNewPassword()
    {
        var user = await Accounts.AddUserAsync(Admin, "pw-change", "pw-change-password-1", Role.Viewer, Token);
        var asUser = Admin with { Id = user.Id, Name = user.UserName, Role = Role.Viewer };

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => Accounts.ChangePasswordAsync(asUser, "pw-change-password-1", "zzzzzzzzzzzzzzzz", Token));

        Assert.StartsWith("newPassword: Passwords must have at least 5 different characters; this one has 1.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstAdmin_WithAGuessableConfiguredPassword_StopsTheStart_NamingTheSetting()
    {
        await using var host = DashboardHost.With(new() { ["Auth:BootstrapAdmin:Password"] = "password1234" });

        var failed = Assert.ThrowsAny<Exception>(() => host.Services);

        Assert.Contains("Auth:BootstrapAdmin: This password is on the list of the most common passwords", failed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddUser_WithATakenName_SaysSoOnce()
    {
        await Accounts.AddUserAsync(Admin, "otto-taken", "otto-taken-password", Role.Operator, Token);

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => Accounts.AddUserAsync(Admin, "otto-taken", "otto-taken-password", Role.Operator, Token));

        Assert.Equal("userName 'otto-taken' is taken: choose another name", refused.Message);
    }

    [Fact]
    public async Task DeleteUser_EndsTheirTokensAndConnections_KeepsTheirNameInHistory_AndIsAudited()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var dan = await Accounts.AddUserAsync(Admin, "del-dan", "del-dan-password-1", Role.Operator, Token);
        var asDan = Admin with { Id = dan.Id, Name = dan.UserName, Role = Role.Operator };
        var (_, secret) = await Accounts.CreateTokenAsync(asDan, "ci", Role.Operator, null, Token);
        using (var http = fixture.Dashboard.Http(secret))
        {
            using var probed = await http.PostAsJsonAsync(new Uri("api/probe", UriKind.Relative), new ProbeRequest("127.0.0.1", listener.Port), Token);
            Assert.Equal(HttpStatusCode.OK, probed.StatusCode);
        }

        await WaitForHistoryOfAsync(dan.Id);
        await using var hub = await fixture.Dashboard.ConnectHubAsync(Token, secret);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await Accounts.DeleteUserAsync(Admin, dan.Id, Token);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.DoesNotContain(await Accounts.ListUsersAsync(Admin, Token), u => u.Id == dan.Id);
        Assert.DoesNotContain(await Accounts.ListTokensAsync(Admin, everyone: true, Token), t => t.Owner == "del-dan" || t.Owner == dan.Id);
        using (var http = fixture.Dashboard.Http(secret))
        {
            using var refused = await http.GetAsync(new Uri("api/scans", UriKind.Relative), Token);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await using (var scope = fixture.Dashboard.Services.CreateAsyncScope())
        {
            var kept = await scope.ServiceProvider.GetRequiredService<DashboardDb>().HistoryItems.Where(h => h.OwnerId == dan.Id).ToListAsync(Token);
            Assert.NotEmpty(kept);
            Assert.All(kept, item => Assert.Equal("del-dan", item.Owner));
        }

        await fixture.Dashboard.Services.GetRequiredService<AuditQueue>().FlushAsync(Token);
        var audited = await fixture.Dashboard.Services.GetRequiredService<AuditService>()
            .SearchAsync(Admin, new AuditFilter(Action: AuditActions.UserDelete), 1, 50, Token);
        var row = Assert.Single(audited.Items, r => r.Target == "del-dan");
        Assert.Equal("ok", row.Outcome);
        Assert.Equal("1 token(s) deleted with them; their history keeps their name", row.Detail);
    }

    [Fact]
    public async Task DeleteUser_RefusesYourself_AndAnyoneButAnAdmin()
    {
        var olly = await Accounts.AddUserAsync(Admin, "del-olly", "del-olly-password", Role.Operator, Token);
        var asOlly = Admin with { Id = olly.Id, Name = olly.UserName, Role = Role.Operator };
        var victim = await Accounts.AddUserAsync(Admin, "del-vic", "del-vic-password1", Role.Viewer, Token);

        var self = await Assert.ThrowsAsync<RequestRefusedException>(() => Accounts.DeleteUserAsync(Admin, Admin.Id, Token));
        var notAdmin = await Assert.ThrowsAsync<RequestRefusedException>(() => Accounts.DeleteUserAsync(asOlly, victim.Id, Token));
        var nobody = await Assert.ThrowsAsync<RequestRefusedException>(() => Accounts.DeleteUserAsync(Admin, "no-such-id", Token));

        Assert.Equal("you cannot delete yourself: ask another Admin", self.Message);
        Assert.Equal("deleting users needs the Admin role; del-olly is an Operator", notAdmin.Message);
        Assert.Equal("userId 'no-such-id' is not a user", nobody.Message);
        Assert.Contains(await Accounts.ListUsersAsync(Admin, Token), u => u.Id == victim.Id);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task KeyFolder_IsTheOwnersAlone_AndTheNoEncryptorWarningIsNotLogged()
    {
        var log = new CapturedLog();
        await using var host = DashboardHost.With([], log.AddTo);
        // A sign-in makes the first key (the cookie is protected with it).
        await Dashboard.Web.Tests.Support.SignIn.AsAsync(host.BaseAddress, DashboardHost.AdminName, DashboardHost.AdminPassword, Token);

        var keys = Path.Combine(host.DataDir, "keys");
        Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));
        Assert.Equal(KeyFolder.OwnerOnly, File.GetUnixFileMode(keys));
        Assert.DoesNotContain(log.Lines, l => l.Message.Contains("No XML encryptor", StringComparison.Ordinal));
    }

    private async Task WaitForHistoryOfAsync(string userId)
    {
        // History is written behind the request: wait for the row (a state, not a time).
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            await using var scope = fixture.Dashboard.Services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<DashboardDb>().HistoryItems.AnyAsync(h => h.OwnerId == userId, timeout.Token))
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
