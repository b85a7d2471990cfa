using System.Text.RegularExpressions;
using Dashboard.Web.Access;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Access;

/// <summary>The app bar's way to the account page and out, on a desktop with the keyboard and on a phone by touch.</summary>
public sealed partial class SignOutBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Desktop_KeyboardReachesTheAccountPage_AndSignsOut()
    {
        var user = await session.AddUserAsync("kay", Role.Viewer);
        var page = await session.OpenAsync("scan", user: user);

        await page.Locator("#user-menu-account").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.EndsWith("/account", StringComparison.Ordinal));
        await BrowserSession.WaitInteractiveAsync(page);
        await page.Locator("#sign-out").FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await ExpectSignedOutAsync(page);
    }

    [Fact]
    public async Task Phone_TapReachesTheAccountPage_AndSignsOut()
    {
        var (name, password) = await session.AddUserAsync("tia", Role.Viewer);
        var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = session.Dashboard.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            HasTouch = true,
            IsMobile = true,
        });
        var page = await context.NewPageAsync();
        await BrowserSession.SignInAsync(page, name, password);
        await page.GotoAsync("udp");
        await BrowserSession.WaitInteractiveAsync(page);

        await page.Locator("#user-menu-account").TapAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/account", StringComparison.Ordinal));
        await BrowserSession.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator("#sign-out")).ToBeInViewportAsync();
        await page.Locator("#sign-out").TapAsync();

        await ExpectSignedOutAsync(page);
    }

    private static async Task ExpectSignedOutAsync(IPage page)
    {
        // The URL itself, not a navigation event: the post and its redirect may be done before this looks.
        await Assertions.Expect(page).ToHaveURLAsync(SignInUrl());
        await Assertions.Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        await page.GotoAsync("account");
        await Assertions.Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
    }

    [GeneratedRegex("/account/login$")]
    private static partial Regex SignInUrl();
}
