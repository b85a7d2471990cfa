using System.Security.Cryptography;
using Bunit;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Policy;

/// <summary>The Policy page's components over a real SQLite file: rules listed in order, added, moved, deleted; the test box names the deciding rule.</summary>
public sealed class PolicyPageTests : DashboardUiContext, IAsyncLifetime
{
    private static readonly string File = Path.Combine(Path.GetTempPath(), "sd-policy-ui-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + ".db");

    public PolicyPageTests() : base(Role.Admin, services =>
        services.AddDbContext<DashboardDb, SqliteDashboardDb>(db => db.UseSqlite($"Data Source={File}")))
    {
    }

    public async ValueTask InitializeAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DashboardDb>().Database.MigrateAsync(Xunit.TestContext.Current.CancellationToken);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.File.Delete(File);
    }

    [Fact]
    public void Page_ListsTheBuiltInRulesFirst_WithoutEditButtons()
    {
        var page = Render<PolicyPage>();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=policy-rule]").Count));
        Assert.Equal(["link-local", "metadata", "unspecified", "multicast", "broadcast"], page.FindAll("[data-testid=policy-rule]").Select(r => r.GetAttribute("data-rule")));
        Assert.Empty(page.FindAll("[aria-label^='Delete']"));
        Assert.Equal("allow", page.Find("[data-testid=policy-default]").TextContent);
        Assert.Contains("1024-65535", page.Find("[data-testid=policy-listener-ports]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddingMovingAndDeletingRules_IsSavedAndShownInOrder()
    {
        var page = Render<PolicyPage>();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=policy-rule]").Count));

        AddRule(page, "lab", "10.0.0.0/8");
        AddRule(page, "one-host", "10.0.0.5");
        page.Find("[aria-label='Move one-host up']").Click();

        page.WaitForAssertion(() => Assert.Equal(["one-host", "lab"], page.FindAll("[data-testid=policy-rule]").Skip(5).Select(r => r.GetAttribute("data-rule"))));
        var stored = await Services.GetRequiredService<PolicyService>().CurrentAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(["one-host", "lab"], stored.Rules.Where(r => !r.BuiltIn).Select(r => r.Name));

        page.Find("[aria-label='Delete lab']").Click();
        page.WaitForAssertion(() => Assert.Equal(["one-host"], page.FindAll("[data-testid=policy-rule]").Skip(5).Select(r => r.GetAttribute("data-rule"))));
    }

    [Fact]
    public void ABadRule_ShowsWhatIsWrong_AndKeepsTheEditorOpen()
    {
        var page = Render<PolicyPage>();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=policy-rule]").Count));

        AddRule(page, "lab", "10.0.0.1/8");

        page.WaitForAssertion(() => Assert.Contains("did you mean 10.0.0.0/8?", page.Find("[data-testid=policy-problem]").TextContent, StringComparison.Ordinal));
        Assert.NotNull(page.Find("[data-testid=policy-editor]"));
    }

    [Fact]
    public void TheTestBox_NamesTheDecidingRule()
    {
        var box = Render<PolicyTestBox>();

        box.Find("#policy-test-address").Change("::ffff:169.254.169.254");
        box.Find("#policy-test-port").Change("80");
        box.Find("#policy-test-submit").Click();

        box.WaitForAssertion(() => Assert.Equal("link-local", box.Find("[data-testid=policy-test-rule]").TextContent));
        Assert.Contains("Denied for Operator", box.Find("[data-testid=policy-test-result]").TextContent, StringComparison.Ordinal);
        Assert.Contains("169.254.169.254 is denied by policy rule 'link-local'", box.Find("[data-testid=policy-test-result]").TextContent, StringComparison.Ordinal);
    }

    private static void AddRule(IRenderedComponent<PolicyPage> page, string name, string networks)
    {
        page.Find("#policy-add").Click();
        page.Find("#policy-rule-name").Change(name);
        page.Find("#policy-rule-networks").Change(networks);
        page.Find("#policy-rule-save").Click();
    }
}
