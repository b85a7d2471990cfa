using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Access;

/// <summary>A page left open keeps no power its user has lost: the red team's demoted-and-disabled Admin on the Users page.</summary>
public sealed class PresentAccessBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private AccountService Accounts => session.Dashboard.Services.GetRequiredService<AccountService>();

    [Fact]
    public async Task AnAdminDemotedThenDisabled_WithTheUsersPageOpen_LosesItLive()
    {
        var ada = await Accounts.AddUserAsync(session.Dashboard.Admin, "ada", "ada-password-123", Role.Admin, CancellationToken.None);
        var page = await session.OpenAsync("admin/users", user: ("ada", "ada-password-123"));
        await Assertions.Expect(page.Locator("#user-add")).ToBeVisibleAsync();

        await Accounts.SetRoleAsync(session.Dashboard.Admin, ada.Id, Role.Viewer, CancellationToken.None);

        await Assertions.Expect(page.GetByTestId("not-allowed")).ToContainTextAsync("needs the Admin role; you are signed in as ada, a Viewer");
        await Assertions.Expect(page.Locator("#user-add")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Viewer");

        await Accounts.SetDisabledAsync(session.Dashboard.Admin, ada.Id, disabled: true, CancellationToken.None);

        await Assertions.Expect(page.GetByTestId("signed-out")).ToContainTextAsync("your account was disabled by an Admin");
        await page.ReloadAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        var users = await Accounts.ListUsersAsync(session.Dashboard.Admin, CancellationToken.None);
        Assert.Equal(Role.Viewer, users.Single(u => u.UserName == "ada").Role);
    }

    [Fact]
    public async Task AnOperatorDisabledWithTheProbePageOpen_IsSignedOutThere_AndToldWhy()
    {
        var olly = await Accounts.AddUserAsync(session.Dashboard.Admin, "olly", "olly-password-123", Role.Operator, CancellationToken.None);
        var page = await session.OpenAsync("probe", user: ("olly", "olly-password-123"));
        await Assertions.Expect(page.Locator("#probe-submit")).ToBeVisibleAsync();

        await Accounts.SetDisabledAsync(session.Dashboard.Admin, olly.Id, disabled: true, CancellationToken.None);

        await Assertions.Expect(page.GetByTestId("signed-out")).ToContainTextAsync("You are signed out: your account was disabled by an Admin");
        await Assertions.Expect(page.Locator("#probe-submit")).ToHaveCountAsync(0);
        await page.Locator("#sign-in-again").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login\\?returnUrl=%2Fprobe"));
    }
}
