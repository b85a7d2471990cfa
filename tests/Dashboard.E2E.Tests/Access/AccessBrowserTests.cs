using System.Net;
using Dashboard.Web.Access;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Access;

public sealed class AccessBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Admin_AddsAnOperator_WhoSignsInAndProbes()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var admin = await session.OpenAsync("admin/users");

        await admin.Locator("#user-name").FillAsync("opal");
        await admin.Locator("#user-password").FillAsync("opal-password-1");
        await admin.Locator("#user-add").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=user-row][data-name=opal]")).ToContainTextAsync("Operator");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("users-light.png"), FullPage = true });

        var opal = await session.OpenAsync("probe", user: ("opal", "opal-password-1"));
        await Assertions.Expect(opal.GetByTestId("user-role")).ToHaveTextAsync("Operator");
        await opal.Locator("#probe-host").FillAsync("127.0.0.1");
        await opal.Locator("#probe-port").FillAsync(listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await opal.Locator("#probe-submit").ClickAsync();

        await Assertions.Expect(opal.GetByTestId("probe-result").GetByTestId("probe-state")).ToHaveAttributeAsync("data-state", "open");
    }

    [Fact]
    public async Task Account_MakesATokenShownOnce_ThatTheApiAccepts_AndRevokes()
    {
        var page = await session.OpenAsync("account", width: 390);

        await page.Locator("#token-name").FillAsync("phone script");
        await page.Locator("#token-create").ClickAsync();
        var secret = (await page.Locator(".token-secret").TextContentAsync())!.Trim();
        await Assertions.Expect(page.Locator("[data-testid=token-row][data-name='phone script']")).ToContainTextAsync("active");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("account-phone-light.png"), FullPage = true });

        using var http = session.Dashboard.Http(secret);
        using var accepted = await http.GetAsync(new Uri("api/listeners", UriKind.Relative), TestContext.Current.CancellationToken);
        await page.Locator("[data-testid=token-row][data-name='phone script'] [data-testid=token-revoke]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=token-row][data-name='phone script']")).ToContainTextAsync("revoked");
        using var refused = await http.GetAsync(new Uri("api/listeners", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.StartsWith("sdt_", secret, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Viewer_SeesNoProbeButton()
    {
        var vic = await session.AddUserAsync("vic", Role.Viewer);

        var page = await session.OpenAsync("probe", user: vic);

        await Assertions.Expect(page.GetByTestId("role-note")).ToContainTextAsync("probing needs the Operator role");
        await Assertions.Expect(page.Locator("#probe-submit")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Viewer");
    }

    [Fact]
    public async Task WrongPassword_SaysSo_AndRepeatedFailuresLockTheAccount_SayingSoOnlyToTheRightPassword()
    {
        var lou = await session.AddUserAsync("lou", Role.Operator);
        var page = await session.NewPageAsync();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await page.GotoAsync("account/login");
            await page.Locator("#signin-user").FillAsync("lou");
            await page.Locator("#signin-password").FillAsync("not-the-password");
            await page.Locator("#signin-submit").ClickAsync();
            // The same answer every time: a wrong password does not tell whether the account is locked.
            await Assertions.Expect(page.GetByTestId("signin-problem")).ToHaveTextAsync("Wrong user name or password.");
            if (attempt == 1)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("signin-wrong-light.png") });
            }
        }

        await page.Locator("#signin-user").FillAsync("lou");
        await page.Locator("#signin-password").FillAsync(lou.Password);
        await page.Locator("#signin-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signin-problem")).ToContainTextAsync("refused for up to 15 minutes");
    }

    [Fact]
    public async Task NotSignedIn_AnyPageLeadsToSignIn_AndBackAfterwards()
    {
        var page = await session.NewPageAsync();

        await page.GotoAsync("listeners");
        await Assertions.Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        await page.Locator("#signin-user").FillAsync(DashboardHost.AdminName);
        await page.Locator("#signin-password").FillAsync(DashboardHost.AdminPassword);
        await page.Locator("#signin-submit").ClickAsync();

        await page.WaitForURLAsync(url => url.EndsWith("/listeners", StringComparison.Ordinal));
        await BrowserSession.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Admin");
    }
}
