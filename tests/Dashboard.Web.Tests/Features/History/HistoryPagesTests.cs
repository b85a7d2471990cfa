using Bunit;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Access;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.History.Storage;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.History;

/// <summary>The history's components over a real SQLite file: the list with its links and actions by role, a stored probe's page, the comparison's refusals.</summary>
public abstract class HistoryPagesTestsBase : DashboardUiContext
{
    protected HistoryPagesTestsBase(Role role) : this(role, Path.Combine(Path.GetTempPath(), $"sd-bunit-history-{Guid.NewGuid():N}.db"))
    {
    }

    private HistoryPagesTestsBase(Role role, string file) : base(role, services =>
    {
        services.AddDbContext<DashboardDb, SqliteDashboardDb>(db => db.UseSqlite($"Data Source={file}"));
        services.AddSingleton<HistoryStore>();
        services.AddSingleton<HistoryService>();
    })
    {
        using (var scope = Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<DashboardDb>().Database.Migrate();
        }

        var store = Services.GetRequiredService<HistoryStore>();
        var at = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
        var probe = new ProbeResult("db1", "10.0.0.5", 5432, ProbeState.Open, 0, "OK", "Success", "the port accepted the connection", 1.5,
            "10.0.0.1:40000", "10.0.0.5:5432", at, Id: "p1");
        store.AddAsync(new HistoryItem
        {
            Id = "p1", Kind = HistoryKinds.Probe, Owner = "ann", State = "open", Target = "db1:5432", StartedAtMs = at.ToUnixTimeMilliseconds(),
            Request = JsonChunk.Text(new ProbeRequest("db1", 5432)), Summary = JsonChunk.Text(probe),
        }, [], CancellationToken.None).GetAwaiter().GetResult();
        store.AddAsync(new HistoryItem
        {
            Id = "s1", Kind = HistoryKinds.Scan, Owner = "bob", State = "interrupted", Target = "10.0.0.0/28 ports top100",
            StartedAtMs = at.AddHours(1).ToUnixTimeMilliseconds(), EndedAtMs = at.AddHours(1).AddMinutes(1).ToUnixTimeMilliseconds(),
            Request = "{}", Summary = "{}",
        }, [], CancellationToken.None).GetAwaiter().GetResult();
    }
}

public sealed class HistoryPagesTests() : HistoryPagesTestsBase(Role.Operator)
{
    [Fact]
    public void List_ShowsEveryItem_NewestFirst_WithItsPage_AndRunAgainForOperators()
    {
        var page = Render<HistoryListPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=history-row]").Count));
        var rows = page.FindAll("[data-testid=history-row]");
        Assert.Equal(["s1", "p1"], rows.Select(r => r.GetAttribute("data-id")));
        Assert.Equal(["scan/s1", "probe/p1"], page.FindAll("[data-testid=history-open]").Select(a => a.GetAttribute("href")));
        Assert.Equal("interrupted", rows[0].GetAttribute("data-state"));
        Assert.Equal(2, page.FindAll("[data-testid=history-rerun]").Count);
        Assert.Single(page.FindAll("[data-testid=history-pick]"));
    }

    [Fact]
    public void List_ABadTime_IsShownBesideTheFilters_NotABrokenPage()
    {
        var page = Render<HistoryListPage>();

        page.Find("#history-from").Change("yesterday");
        page.Find("#history-search").Click();

        page.WaitForAssertion(() => Assert.Contains("from must be an ISO 8601 date", page.Find("[data-testid=history-problem]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void StoredProbe_OpensAsTheLiveCard_WithRunAgainAndAPrefilledEdit()
    {
        var page = Render<StoredProbePage>(p => p.Add(c => c.ProbeId, "p1"));

        page.WaitForAssertion(() => Assert.Equal("db1:5432", page.Find("[data-testid=probe-target]").TextContent.Trim()));
        Assert.Equal("open", page.Find("[data-testid=probe-state]").GetAttribute("data-state"));
        Assert.Equal("probe?host=db1&port=5432", page.Find("[data-testid=stored-edit]").GetAttribute("href"));
        Assert.False(page.Find("[data-testid=stored-rerun]").HasAttribute("disabled"));
    }

    [Fact]
    public void StoredProbe_UnknownId_SaysItIsNotInTheHistory()
    {
        var page = Render<StoredProbePage>(p => p.Add(c => c.ProbeId, "nope"));

        page.WaitForAssertion(() => Assert.Contains("'nope' is not a probe in the history", page.Find("[data-testid=stored-missing]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_WithoutScans_SaysWhatIsRequired()
    {
        var page = Render<ComparePage>();

        Assert.Contains("a and b are required", page.Find("[data-testid=compare-problem]").TextContent, StringComparison.Ordinal);
    }
}

public sealed class HistoryPagesViewerTests() : HistoryPagesTestsBase(Role.Viewer)
{
    [Fact]
    public void List_ForAViewer_ReadsEverything_ButOffersNoRunAgain()
    {
        var page = Render<HistoryListPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=history-row]").Count));
        Assert.Empty(page.FindAll("[data-testid=history-rerun]"));
    }

    [Fact]
    public void StoredProbe_ForAViewer_HasRunAgainDisabled()
    {
        var page = Render<StoredProbePage>(p => p.Add(c => c.ProbeId, "p1"));

        page.WaitForAssertion(() => Assert.True(page.Find("[data-testid=stored-rerun]").HasAttribute("disabled")));
    }
}
