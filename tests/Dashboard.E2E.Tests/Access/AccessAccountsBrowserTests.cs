using System.Text.RegularExpressions;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Access;

/// <summary>What a new user tripped on: an Admin page opened as a Viewer, deleting and disabling users, the sign-in page's frame.</summary>
public sealed partial class AccessAccountsBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private AccountService Accounts => session.Dashboard.Services.GetRequiredService<AccountService>();

    [Theory]
    [InlineData(1440)]
    [InlineData(360)]
    public async Task Viewer_OpeningAnAdminPageByAddress_IsToldItNeedsTheAdminRole_NotShownTheSignInForm(int width)
    {
        var name = $"vida{width}";
        var user = await session.AddUserAsync(name, Role.Viewer);

        var page = await session.OpenAsync("admin/users", width, user: user);

        await Assertions.Expect(page).ToHaveURLAsync(DeniedUrl());
        await Assertions.Expect(page.Locator("#signin-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("access-denied"))
            .ToContainTextAsync($"You are signed in as {name}, a Viewer. /admin/users needs the Admin role. Ask an Admin if you need it.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath($"access-denied-{width}.png"), FullPage = true });
        await page.Locator("#access-denied-back").ClickAsync();
        await Assertions.Expect(page.Locator("#probe-host")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignInPage_ShowsNoNavigationColumn_UntilSomeoneSignsIn()
    {
        var page = await session.NewPageAsync();

        await page.GotoAsync("account/login");
        await Assertions.Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-drawer")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Toggle navigation")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("signin-no-drawer.png") });

        await BrowserSession.SignInAsync(page, DashboardHost.AdminName, DashboardHost.AdminPassword);
        await BrowserSession.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator(".mud-drawer")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Admin_DisablesOnlyOnceConfirmed_AndDeletesAUserAfterConfirming()
    {
        await session.AddUserAsync("dot", Role.Operator);
        var page = await session.OpenAsync("admin/users");
        var dot = page.Locator("[data-testid=user-row][data-name=dot]");
        var mine = page.Locator($"[data-testid=user-row][data-name={DashboardHost.AdminName}]");
        await Assertions.Expect(mine.GetByTestId("user-delete")).ToHaveCountAsync(0);

        await dot.GetByTestId("user-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm-text")).ToContainTextAsync("dot is signed out everywhere at once");
        await page.GetByTestId("confirm-cancel").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(dot).ToContainTextAsync("active");
        await dot.GetByTestId("user-toggle").ClickAsync();
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(dot).ToContainTextAsync("disabled");

        await dot.GetByTestId("user-delete").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm-text")).ToContainTextAsync("This cannot be undone.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("users-delete-confirm.png") });
        await page.GetByTestId("confirm-yes").ClickAsync();

        await Assertions.Expect(dot).ToHaveCountAsync(0);
        Assert.DoesNotContain(await Accounts.ListUsersAsync(session.Dashboard.Admin, CancellationToken.None), u => u.UserName == "dot");
    }

    [Fact]
    public async Task AccountPage_CallsAnAdminAnAdmin()
    {
        var page = await session.OpenAsync("account");

        await Assertions.Expect(page.Locator("#main-content"))
            .ToContainTextAsync($"Signed in as {DashboardHost.AdminName}, an Admin.");
    }

    [GeneratedRegex("/account/denied\\?ReturnUrl=%2Fadmin%2Fusers&needs=Admin$")]
    private static partial Regex DeniedUrl();
}
