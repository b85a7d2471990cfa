using System.Net;
using System.Security.Cryptography;
using Bunit;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Notifications;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Notifications;

/// <summary>The Notifications page over a real SQLite file: channels with their counters, the add dialog, a test's answer in words, maintenance windows.</summary>
public sealed class NotificationsPageTests : DashboardUiContext, IAsyncLifetime
{
    private static readonly string File = Path.Combine(Path.GetTempPath(), "sd-notify-ui-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + ".db");
    private readonly ClosedPorts _closed = new(IPAddress.Loopback, 1);

    public NotificationsPageTests() : base(Role.Admin, services =>
    {
        services.AddDbContext<DashboardDb, SqliteDashboardDb>(db => db.UseSqlite($"Data Source={File}"));
        services.AddSingleton<IAccessChangeFeed, LocalAccessChangeFeed>();
        services.AddSingleton<PresentAccess>();
        services.Configure<NotificationOptions>(o => o.MaxRetries = 0);
    })
    {
        _dialogs = Render<MudBlazor.MudDialogProvider>();
    }

    // Dialogs render in the provider, beside the page.
    private readonly IRenderedComponent<MudBlazor.MudDialogProvider> _dialogs;

    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        await db.Database.MigrateAsync(Token);
        // The circuit's user as a stored Admin: the service re-reads the role of whoever changes a channel.
        db.Users.Add(new DashboardUser { Id = "id-" + UserName, UserName = UserName, NormalizedUserName = UserName.ToUpperInvariant(), Role = Role.Admin,
            SecurityStamp = "stamp" });
        await db.SaveChangesAsync(Token);
    }

    public new async ValueTask DisposeAsync()
    {
        _closed.Dispose();
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.File.Delete(File);
    }

    [Fact]
    public void AddDialog_MakesAWebhook_AndShowsItsSecretOnce()
    {
        var page = Render<NotificationsPage>();
        page.Find("#channel-add").Click();

        _dialogs.WaitForElement("[data-testid=channel-dialog]");
        _dialogs.Find("#channel-name").Change("ops-hook");
        _dialogs.Find("#channel-url").Change($"http://127.0.0.1:{_closed.Ports[0]}/hook");
        _dialogs.Find("#channel-save").Click();

        page.WaitForAssertion(() => Assert.Contains("whsec_", page.Find("[data-testid=notify-secret]").TextContent, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Contains("ops-hook", page.Find("[data-testid=channel-row]").TextContent, StringComparison.Ordinal));
        Assert.Empty(_dialogs.FindAll("[data-testid=channel-dialog]"));
    }

    [Fact]
    public void AddDialog_ADeniedDestination_IsRefusedInTheDialogNamingTheField()
    {
        var page = Render<NotificationsPage>();
        page.Find("#channel-add").Click();

        _dialogs.WaitForElement("[data-testid=channel-dialog]");
        _dialogs.Find("#channel-name").Change("metadata");
        _dialogs.Find("#channel-url").Change("http://169.254.169.254/latest");
        _dialogs.Find("#channel-save").Click();

        page.WaitForAssertion(() => Assert.StartsWith("webhook.url: 169.254.169.254 is a cloud metadata address",
            _dialogs.Find("[data-testid=channel-problem]").TextContent.Trim(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task TestButton_ToAClosedPort_ShowsTheErrorInWordsAndCountsIt()
    {
        var admin = new Actor("id-" + UserName, UserName, Role.Admin, IPAddress.Loopback, Door.Ui);
        await Services.GetRequiredService<NotificationService>().CreateChannelAsync(admin,
            new ChannelRequest("closed", "webhook", Webhook: new WebhookSettings($"http://127.0.0.1:{_closed.Ports[0]}/")), Token);
        var page = Render<NotificationsPage>();

        page.WaitForElement("[aria-label='Send a test to closed']").Click();

        page.WaitForAssertion(() => Assert.Contains("Connection refused", page.Find("[data-testid=notify-test-result]").TextContent, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=channel-failed]").TextContent.Trim()));
        Assert.Contains("Connection refused", page.Find("[data-testid=channel-error]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void MaintenanceWindow_AddedOnThePage_IsListedAsMuting()
    {
        var page = Render<NotificationsPage>();

        page.Find("#window-group").Change("prod");
        page.Find("#window-reason").Change("kernel upgrade");
        page.Find("#window-add").Click();

        page.WaitForAssertion(() => Assert.Contains("kernel upgrade", page.Find("[data-testid=window-row]").TextContent, StringComparison.Ordinal));
        Assert.Contains("muting", page.Find("[data-testid=window-row]").TextContent, StringComparison.Ordinal);
    }
}
