using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Persistence;

/// <summary>Users, roles, tokens and sign-ins survive a restart, on the embedded SQLite file and on a real PostgreSQL.</summary>
public sealed class AccountsPersistenceTests(PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;


    private async Task<Dictionary<string, string?>> SettingsAsync(string provider) => provider == "Postgres"
        ? new() { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Dashboard"] = await postgres.CreateDatabaseAsync(Token) }
        : [];

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task UsersTokensAndSignIns_SurviveARestartOfTheHost(string provider)
    {
        var settings = await SettingsAsync(provider);
        using var probed = new LoopbackListener(IPAddress.Loopback);
        var dataDir = Directory.CreateTempSubdirectory("sd-test-").FullName;
        string kept, revoked;
        CookieContainer cookies;
        await using (var first = DashboardHost.Over(dataDir, settings))
        {
            var accounts = first.Services.GetRequiredService<AccountService>();
            var olga = await accounts.AddUserAsync(first.Admin, "olga", "olga-password-12", Role.Operator, Token);
            var asOlga = first.Admin with { Id = olga.Id, Name = "olga", Role = Role.Operator };
            kept = (await accounts.CreateTokenAsync(asOlga, "ci", Role.Operator, expiresInDays: 30, Token)).Secret;
            var (doomed, doomedSecret) = await accounts.CreateTokenAsync(asOlga, "old", Role.Viewer, null, Token);
            await accounts.RevokeTokenAsync(asOlga, doomed.Id, Token);
            revoked = doomedSecret;
            (_, cookies, var location) = await SignIn.AsAsync(first.BaseAddress, "olga", "olga-password-12", Token);
            Assert.Equal("/", location);
        }

        await using var second = DashboardHost.Over(dataDir, settings);
        var users = await second.Services.GetRequiredService<AccountService>().ListUsersAsync(second.Admin, Token);
        Assert.Equal(Role.Operator, Assert.Single(users, u => u.UserName == "olga").Role);

        using var withKept = second.Http(kept);
        using var probe = await withKept.PostAsJsonAsync(new Uri("api/probe", UriKind.Relative), new ProbeRequest("127.0.0.1", probed.Port), Token);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        using var withRevoked = second.Http(revoked);
        using var refused = await withRevoked.GetAsync(new Uri("api/scans", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // The browser's cookie from before the restart: the data-protection keys are kept in DataDir.
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = RebaseCookies(cookies, second.BaseAddress) }) { BaseAddress = second.BaseAddress };
        using var listed = await browser.GetAsync(new Uri("api/scans", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Directory.Delete(dataDir, recursive: true);
    }

    // The restarted host listens on another port; a browser would send the cookie to the same host name anyway.
    private static CookieContainer RebaseCookies(CookieContainer cookies, Uri address)
    {
        var moved = new CookieContainer();
        foreach (Cookie cookie in cookies.GetAllCookies())
        {
            moved.Add(address, new Cookie(cookie.Name, cookie.Value, "/"));
        }

        return moved;
    }

    [Fact]
    public async Task FirstRun_CreatesTheAdminOnce_AndARestartKeepsTheirPassword()
    {
        var dataDir = Directory.CreateTempSubdirectory("sd-test-").FullName;
        await using (var first = DashboardHost.Over(dataDir))
        {
            var (_, _, location) = await SignIn.AsAsync(first.BaseAddress, DashboardHost.AdminName, DashboardHost.AdminPassword, Token);
            Assert.Equal("/", location);
        }

        await using var second = DashboardHost.Over(dataDir, new() { ["Auth:BootstrapAdmin:Password"] = "another-password-99" });
        var (_, _, again) = await SignIn.AsAsync(second.BaseAddress, DashboardHost.AdminName, DashboardHost.AdminPassword, Token);
        Assert.Equal("/", again);
        Directory.Delete(dataDir, recursive: true);
    }
}
