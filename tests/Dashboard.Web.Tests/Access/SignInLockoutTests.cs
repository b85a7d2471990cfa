using System.Net;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Access;

/// <summary>
/// Lockout that a stranger cannot turn against an account's owner, with the default settings (5 wrong
/// passwords lock an account for browsers it has not signed in from; 10 failures throttle an address). A host
/// of its own: every request comes from 127.0.0.1, which this test throttles.
/// </summary>
public sealed class SignInLockoutTests : IAsyncLifetime
{
    private Actor Setup => _host.Admin;
    private const string OwnerPassword = "olive-password-123";

    private readonly DashboardHost _host = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task StrangersWrongPasswords_LockOutStrangersOnly_AndThrottleTheirAddress_NotTheOwnersBrowser()
    {
        await _host.Services.GetRequiredService<AccountService>().AddUserAsync(Setup, "olive", OwnerPassword, Role.Admin, Token);
        using var owners = new FormBrowser(_host.BaseAddress);
        using var stranger = new FormBrowser(_host.BaseAddress);
        using var newBrowser = new FormBrowser(_host.BaseAddress);
        Assert.Equal("/", (await owners.SignInAsync("olive", OwnerPassword, Token)).Location);
        Assert.Equal(HttpStatusCode.Redirect, (await owners.SignOutAsync(Token)).Status);

        var firstFive = new List<string?>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            firstFive.Add((await stranger.SignInAsync("olive", $"guess-{attempt}-password", Token)).Error);
        }

        var lockedForNewBrowsers = await newBrowser.SignInAsync("olive", OwnerPassword, Token);
        var nextFive = new List<string?>();
        for (var attempt = 5; attempt < 10; attempt++)
        {
            nextFive.Add((await stranger.SignInAsync("olive", $"guess-{attempt}-password", Token)).Error);
        }

        var throttled = await stranger.SignInAsync("olive", "guess-10-password", Token);
        var throttledEvenRight = await newBrowser.SignInAsync("olive", OwnerPassword, Token);
        var owner = await owners.SignInAsync("olive", OwnerPassword, Token);

        Assert.All(firstFive, error => Assert.Equal("invalid", error));
        Assert.Equal("locked", lockedForNewBrowsers.Error);
        Assert.All(nextFive, error => Assert.Equal("invalid", error));
        Assert.Equal("throttled", throttled.Error);
        Assert.InRange(throttled.RetryAfter!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Equal("throttled", throttledEvenRight.Error);
        Assert.Equal((HttpStatusCode.Redirect, "/"), (owner.Status, owner.Location));
        Assert.Equal(HttpStatusCode.OK, await owners.GetAsync("account", Token));
    }

    [Fact]
    public async Task KnownBrowser_WithTooManyWrongPasswords_IsAStrangerAgain()
    {
        await _host.Services.GetRequiredService<AccountService>().AddUserAsync(Setup, "olaf", OwnerPassword, Role.Operator, Token);
        using var owners = new FormBrowser(_host.BaseAddress);
        Assert.Equal("/", (await owners.SignInAsync("olaf", OwnerPassword, Token)).Location);

        // Five wrong passwords from the known browser count against it alone (the account is not locked)...
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Equal("invalid", (await owners.SignInAsync("olaf", $"typo-{attempt}-password", Token)).Error);
        }

        // ...so its next ones count as a stranger's: five more lock the account for browsers it has not signed in from.
        for (var attempt = 5; attempt < 10; attempt++)
        {
            Assert.Equal("invalid", (await owners.SignInAsync("olaf", $"typo-{attempt}-password", Token)).Error);
        }

        using var fresh = new FormBrowser(_host.BaseAddress);
        Assert.Equal("locked", (await fresh.SignInAsync("olaf", OwnerPassword, Token)).Error);
        Assert.Equal("locked", (await owners.SignInAsync("olaf", OwnerPassword, Token)).Error);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();
}
