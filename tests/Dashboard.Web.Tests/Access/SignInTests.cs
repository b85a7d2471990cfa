using System.Net;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Access;

/// <summary>
/// The sign-in and sign-out forms over real HTTP: what a refusal tells, what it costs, where a sign-in
/// leads, and that a sign-out ends the session for every copy of its cookie.
/// </summary>
public sealed class SignInTests(SignInTests.Site site) : IClassFixture<SignInTests.Site>
{
    /// <summary>
    /// A dashboard whose lockout and address throttle stay out of the way (the timing test makes many failures
    /// from 127.0.0.1).
    /// </summary>
    public sealed class Site : IAsyncLifetime
    {
        private Actor Setup => Host.Admin;

        public DashboardHost Host { get; } = DashboardHost.With(new()
        {
            ["Auth:MaxFailedSignIns"] = "100",
            ["Auth:MaxFailedSignInsPerAddress"] = "1000",
        });

        public async Task AddAsync(string name, bool disabled = false)
        {
            var accounts = Host.Services.GetRequiredService<AccountService>();
            var user = await accounts.AddUserAsync(Setup, name, Password(name), Role.Operator, CancellationToken.None);
            if (disabled)
            {
                await accounts.SetDisabledAsync(Setup, user.Id, true, CancellationToken.None);
            }
        }

        public ValueTask InitializeAsync() => ValueTask.CompletedTask;

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Password(string name) => $"{name}-password-123";

    [Fact]
    public async Task UnknownName_WrongPassword_AndDisabledUser_GetOneAnswer_AndDisabledIsToldOnlyWithThePassword()
    {
        await site.AddAsync("same-ann");
        await site.AddAsync("same-dan", disabled: true);
        using var browser = new FormBrowser(site.Host.BaseAddress);

        var unknown = await browser.SignInAsync("same-nobody", "some-password-123", Token);
        var wrong = await browser.SignInAsync("same-ann", "not-her-password", Token);
        var disabledWrong = await browser.SignInAsync("same-dan", "not-his-password", Token);
        var disabledRight = await browser.SignInAsync("same-dan", Password("same-dan"), Token);

        Assert.Equal(["invalid", "invalid", "invalid"], new[] { unknown.Error, wrong.Error, disabledWrong.Error });
        Assert.Equal("disabled", disabledRight.Error);
    }

    [Fact]
    public async Task UnknownName_WrongPassword_AndDisabledUser_TakeAboutAsLong()
    {
        // Medians of interleaved rounds, so load on the machine falls on all three alike. A refusal without a
        // password hash costs a few milliseconds, one with it tens: the bound below is far from both.
        const int rounds = 9;
        await site.AddAsync("time-tom");
        await site.AddAsync("time-off", disabled: true);
        using var browser = new FormBrowser(site.Host.BaseAddress);
        string[] names = ["time-nobody", "time-tom", "time-off"];
        var took = names.ToDictionary(n => n, _ => new List<double>());
        foreach (var name in names)
        {
            await browser.SignInAsync(name, "warm-up-password", Token);
        }

        for (var round = 0; round < rounds; round++)
        {
            foreach (var name in names)
            {
                took[name].Add((await browser.SignInAsync(name, "wrong-password-123", Token)).Took.TotalMilliseconds);
            }
        }

        var medians = names.ToDictionary(n => n, n => took[n].Order().ElementAt(rounds / 2));
        Assert.True(medians.Values.Min() >= 0.5 * medians.Values.Max(),
            $"medians (ms) should be within a factor of 2: {string.Join(", ", medians.Select(m => $"{m.Key} {m.Value:0.0}"))}");
    }

    [Theory]
    [InlineData("/probe\u0001")]
    [InlineData("/caf\u00e9")]
    [InlineData("/a\r\nSet-Cookie: x=1")]
    [InlineData("/a b")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    public async Task ReturnUrl_NotAPlainLocalPath_LeadsHome_NeverToAnError(string returnUrl)
    {
        var name = "ret-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        await site.AddAsync(name);
        using var browser = new FormBrowser(site.Host.BaseAddress);

        var signedIn = await browser.SignInAsync(name, Password(name), Token, returnUrl);
        var refused = await browser.SignInAsync("ret-nobody", "some-password-123", Token, returnUrl);

        Assert.Equal((HttpStatusCode.Redirect, "/"), (signedIn.Status, signedIn.Location));
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        Assert.EndsWith("&returnUrl=%2F", refused.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnUrl_ALocalPathWithAQuery_IsKept()
    {
        await site.AddAsync("ret-kim");
        using var browser = new FormBrowser(site.Host.BaseAddress);

        var signedIn = await browser.SignInAsync("ret-kim", Password("ret-kim"), Token, "/udp?host=127.0.0.1&port=9&payload=%C3%A9");

        Assert.Equal("/udp?host=127.0.0.1&port=9&payload=%C3%A9", signedIn.Location);
    }

    [Fact]
    public async Task SignOut_WithoutTheAntiforgeryToken_IsRefused_AndTheSessionGoesOn()
    {
        await site.AddAsync("out-ora");
        using var browser = new FormBrowser(site.Host.BaseAddress);
        await browser.SignInAsync("out-ora", Password("out-ora"), Token);

        var forged = await browser.SignOutAsync(Token, withToken: false);
        var after = await browser.GetAsync("account", Token);

        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task SignOut_EndsTheSession_ForACopiedCookieToo()
    {
        await site.AddAsync("out-cop");
        using var browser = new FormBrowser(site.Host.BaseAddress);
        await browser.SignInAsync("out-cop", Password("out-cop"), Token);
        using var thief = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = site.Host.BaseAddress };
        var copied = browser.SessionCookie();
        var before = await GetWithCookieAsync(thief, copied);

        var signedOut = await browser.SignOutAsync(Token);
        // Every request's cookie is checked against the user's present security stamp: refused at once.
        var after = await GetWithCookieAsync(thief, copied);

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal((HttpStatusCode.Redirect, AccountApi.SignInPath), (signedOut.Status, signedOut.Location));
        Assert.Equal(HttpStatusCode.Redirect, after);
    }

    private static async Task<HttpStatusCode> GetWithCookieAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("account", UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request, Token);
        return response.StatusCode;
    }
}
