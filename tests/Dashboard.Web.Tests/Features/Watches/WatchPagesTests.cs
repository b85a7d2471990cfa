using System.Net;
using Bunit;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Watches;
using Dashboard.Web.Features.Watches.Pages;
using Dashboard.Web.Persistence;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary>The watches' pages over a real SQLite file, signed in with <see cref="Role"/>.</summary>
public abstract class WatchPagesTestsBase : DashboardUiContext
{
    protected WatchPagesTestsBase(Role role) : this(role, Path.Combine(Path.GetTempPath(), $"sd-bunit-watches-{Guid.NewGuid():N}.db"))
    {
    }

    private WatchPagesTestsBase(Role role, string file) : base(role, services =>
    {
        services.AddDbContext<DashboardDb, SqliteDashboardDb>(db => db.UseSqlite($"Data Source={file}"));
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        // As the host's access registers it: the runs forget a watch's owner when their access changes.
        services.AddSingleton<Dashboard.Web.Access.IAccessChangeFeed, Dashboard.Web.Access.LocalAccessChangeFeed>();
    })
    {
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<DashboardDb>().Database.Migrate();
    }

    protected static Actor Tester => new("id-" + UserName, UserName, Role.Operator, IPAddress.Loopback, Door.Ui);

    /// <summary>A watch owned by the test's user, as an Operator would make it.</summary>
    protected Task<WatchView> WatchAsync(string name, int port, string group = "default") =>
        Services.GetRequiredService<WatchService>().CreateAsync(Tester,
            new WatchSpec(name, group, WatchKind.Tcp, Host: "127.0.0.1", Port: port, IntervalSeconds: 3600), CancellationToken.None);
}

public sealed class WatchPagesTests() : WatchPagesTestsBase(Role.Operator), IDisposable
{
    private readonly ClosedPorts _closed = new(IPAddress.Loopback, 1);

    [Fact]
    public async Task Form_ShowsOnlyTheFieldsTheKindTakes()
    {
        var page = Render<WatchFormPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("input#watch-host")));
        Assert.NotEmpty(page.FindAll("input#watch-port"));
        Assert.NotEmpty(page.FindAll("input#watch-payload"));

        await page.InvokeAsync(() => page.FindAll("[data-testid=watch-kind] button").Single(b => b.TextContent.Trim() == "scan").Click());

        Assert.Empty(page.FindAll("input#watch-port"));
        Assert.Empty(page.FindAll("input#watch-payload"));
        Assert.NotEmpty(page.FindAll("input#watch-ports"));
        Assert.NotEmpty(page.FindAll("input#watch-baseline"));

        await page.InvokeAsync(() => page.FindAll("[data-testid=watch-kind] button").Single(b => b.TextContent.Trim() == "path").Click());

        Assert.Empty(page.FindAll("input#watch-host"));
        Assert.NotEmpty(page.FindAll("input#watch-port"));
        Assert.Contains("Listening end", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_TryIt_ShowsEachVantagePointsOutcome_AndStoresNothing()
    {
        var page = Render<WatchFormPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("input#watch-host")));
        page.Find("input#watch-name-input").Input("try-db");
        page.Find("input#watch-host").Input("127.0.0.1");
        page.Find("input#watch-port").Input(_closed.Ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture));

        await page.InvokeAsync(() => page.Find("#watch-try").Click());

        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-testid=watch-outcome]").GetAttribute("data-passed")));
        Assert.Contains("ECONNREFUSED", page.Find("[data-testid=watch-outcome]").TextContent, StringComparison.Ordinal);
        Assert.Contains("this server: fail", page.Find("[data-testid=watch-outcome]").TextContent, StringComparison.Ordinal);
        Assert.Empty(await Services.GetRequiredService<WatchReads>().ListAsync(Tester, null, CancellationToken.None));
    }

    [Fact]
    public async Task Form_Save_ShowsTheServicesProblemInTheFormsWords_ThenSavesAndGoesToTheWatch()
    {
        var page = Render<WatchFormPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("input#watch-host")));
        page.Find("input#watch-host").Input("127.0.0.1");
        page.Find("input#watch-port").Input("5432");
        page.Find("input#watch-interval").Input("1");

        await page.InvokeAsync(() => page.Find("#watch-save").Click());
        Assert.StartsWith("Name is required", page.Find("[data-testid=watch-form-problem]").TextContent, StringComparison.Ordinal);

        page.Find("input#watch-name-input").Input("saved-db");
        await page.InvokeAsync(() => page.Find("#watch-save").Click());
        Assert.StartsWith("Every (s) must be", page.Find("[data-testid=watch-form-problem]").TextContent, StringComparison.Ordinal);

        page.Find("input#watch-interval").Input("60");
        await page.InvokeAsync(() => page.Find("#watch-save").Click());
        var saved = Assert.Single(await Services.GetRequiredService<WatchReads>().ListAsync(Tester, null, CancellationToken.None));
        Assert.Equal(("saved-db", 60, UserName), (saved.Spec.Name, saved.Spec.IntervalSeconds, saved.Owner));
        Assert.EndsWith($"/watches/{saved.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsEachWatchWithAChipPerVantagePoint_AndFollowsARunLive()
    {
        var watch = await WatchAsync("list-db", _closed.Ports[0]);
        var page = Render<WatchesPage>();
        page.WaitForAssertion(() => Assert.Equal("unknown", page.Find("[data-testid=watch-chip]").GetAttribute("data-status")));
        Assert.Contains("this server: unknown", page.Find("[data-testid=watch-chip]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll("[data-testid=watch-new]"));

        // The recorder is a hosted service: a component test starts it itself. The run's owner is no stored user, so it
        // fails as "not run": a failed run all the same, which the page must show without a reload.
        var recorder = Services.GetRequiredService<Dashboard.Web.Features.Watches.Runs.WatchRecorder>();
        await recorder.StartAsync(CancellationToken.None);
        await Services.GetRequiredService<Dashboard.Web.Features.Watches.Runs.WatchRunner>().RunAsync(watch.Id, DateTimeOffset.UtcNow, CancellationToken.None);

        page.WaitForAssertion(() => Assert.Equal("down", page.Find("[data-testid=watch-chip]").GetAttribute("data-status")));
        await recorder.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task List_FiltersByText()
    {
        await WatchAsync("alpha-db", _closed.Ports[0]);
        await WatchAsync("beta-web", _closed.Ports[0]);
        var page = Render<WatchesPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=watch-row]").Count));

        page.Find("input#watch-filter-text").Input("beta");

        page.WaitForAssertion(() => Assert.Equal(["beta-web"], page.FindAll("[data-testid=watch-row]").Select(r => r.GetAttribute("data-watch"))));
    }

    public new void Dispose()
    {
        _closed.Dispose();
        base.Dispose();
    }
}

public sealed class WatchPagesViewerTests() : WatchPagesTestsBase(Role.Viewer)
{
    [Fact]
    public async Task Viewer_SeesTheWatchButNoActions_AndNoNewWatchButton()
    {
        var watch = await WatchAsync("viewed-db", 9);

        var detail = Render<WatchPage>(p => p.Add(c => c.WatchId, watch.Id));
        detail.WaitForAssertion(() => Assert.Equal("viewed-db", detail.Find("[data-testid=watch-name]").TextContent));
        Assert.Empty(detail.FindAll("[data-testid=watch-run]"));
        Assert.Empty(detail.FindAll("[data-testid=watch-delete]"));
        var list = Render<WatchesPage>();
        list.WaitForAssertion(() => Assert.Single(list.FindAll("[data-testid=watch-row]")));
        Assert.Empty(list.FindAll("[data-testid=watch-new]"));
    }

    [Fact]
    public async Task StatusPage_ForAViewer_ShowsTheBoardWithDetailsButNoSwitches()
    {
        await WatchAsync("status-db", 9, "ops");

        var page = Render<StatusPage>(p => p.Add(c => c.Group, "ops"));

        page.WaitForAssertion(() => Assert.Equal("tcp 127.0.0.1:9 expect open", page.Find("[data-testid=status-target]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=status-public]"));
        Assert.Equal("Only signed-in users see this page.", page.Find("[data-testid=status-visibility]").TextContent);
    }
}
