using System.Globalization;
using System.Net;
using Dashboard.Web.Access;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Audit;

public sealed class AuditBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Admin_FindsAnOperatorsProbe_OnTheAuditPage_AndInItsCsv()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var port = listener.Port.ToString(CultureInfo.InvariantCulture);
        var audra = await session.OpenAsync("probe", user: await session.AddUserAsync("audra", Role.Operator));
        await audra.Locator("#probe-host").FillAsync("127.0.0.1");
        await audra.Locator("#probe-port").FillAsync(port);
        await audra.Locator("#probe-submit").ClickAsync();
        await Assertions.Expect(audra.GetByTestId("probe-result").GetByTestId("probe-state")).ToHaveAttributeAsync("data-state", "open");

        var admin = await session.OpenAsync("admin/audit");
        await admin.Locator("#audit-user").FillAsync("audra");
        await admin.Locator("#audit-search").ClickAsync();

        var row = admin.Locator("[data-testid=audit-row][data-user=audra][data-action=probe]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-outcome", "ok");
        await Assertions.Expect(row).ToContainTextAsync($"127.0.0.1:{port}");
        await Assertions.Expect(row).ToContainTextAsync("open, code 0 OK");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-door", "ui");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("audit-light.png"), FullPage = true });

        var csvHref = await admin.Locator("#audit-csv").GetAttributeAsync("href");
        var csv = await admin.Context.APIRequest.GetAsync(csvHref!);
        Assert.Equal(200, csv.Status);
        Assert.Contains($"\"audra\"", await csv.TextAsync(), StringComparison.Ordinal);
        Assert.Contains($"\"probe\",\"127.0.0.1:{port}\",\"ok\"", await csv.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_HasNoAuditLink_AndThePageIsNotTheirs()
    {
        var oren = await session.AddUserAsync("oren", Role.Operator);

        var page = await session.OpenAsync("probe", user: oren);

        await Assertions.Expect(page.Locator("a[href='admin/audit']")).ToHaveCountAsync(0);
        await page.GotoAsync("admin/audit");
        await Assertions.Expect(page.GetByTestId("audit-list")).ToHaveCountAsync(0);
    }
}
