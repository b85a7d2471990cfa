using Dashboard.Web.Access;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Policy;

public sealed class PolicyBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task OperatorsProbeOfTheMetadataAddress_ShowsThePolicyMessage_AndTheAdminFindsItOnTheAuditPage()
    {
        var polly = await session.OpenAsync("probe", user: await session.AddUserAsync("polly", Role.Operator));
        await polly.Locator("#probe-host").FillAsync("169.254.169.254");
        await polly.Locator("#probe-port").FillAsync("80");
        await polly.Locator("#probe-submit").ClickAsync();

        var result = polly.GetByTestId("probe-result");
        await Assertions.Expect(result.GetByTestId("probe-state")).ToHaveAttributeAsync("data-state", "error");
        await Assertions.Expect(result).ToContainTextAsync("169.254.169.254 is denied by policy rule 'link-local'; nothing was sent");
        await polly.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("policy-probe-denied.png"), FullPage = true });

        var admin = await session.OpenAsync("admin/audit");
        await admin.Locator("#audit-user").FillAsync("polly");
        await admin.Locator("#audit-search").ClickAsync();
        var row = admin.Locator("[data-testid=audit-row][data-user=polly][data-action=probe]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-outcome", "refused");
        await Assertions.Expect(row).ToContainTextAsync("denied by policy rule 'link-local'");
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task Admin_AddsARule_AndTheTestBoxNamesItAsTheDecidingRule(int width)
    {
        var page = await session.OpenAsync("admin/policy", width);
        var name = $"lab-{width}";
        await Assertions.Expect(page.Locator("[data-testid=policy-rule][data-rule=link-local]")).ToBeVisibleAsync();

        await page.Locator("#policy-add").ClickAsync();
        await page.Locator("#policy-rule-name").FillAsync(name);
        await page.Locator("#policy-rule-networks").FillAsync($"10.{width % 250}.0.0/16");
        await page.Locator("#policy-rule-save").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=policy-rule][data-rule={name}]")).ToBeVisibleAsync();

        await page.Locator("#policy-test-address").FillAsync($"10.{width % 250}.1.1");
        await page.Locator("#policy-test-port").FillAsync("22");
        await page.Locator("#policy-test-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("policy-test-rule")).ToHaveTextAsync(name);
        await Assertions.Expect(page.GetByTestId("policy-test-result")).ToContainTextAsync("Denied for Operator");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath($"policy-{width}.png"), FullPage = true });

        await page.Locator("#theme-toggle").ClickAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath($"policy-{width}-dark.png"), FullPage = true });
        await page.Locator("#theme-toggle").ClickAsync();
        await page.Locator($"[aria-label='Delete {name}']").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=policy-rule][data-rule={name}]")).ToHaveCountAsync(0);
    }
}
