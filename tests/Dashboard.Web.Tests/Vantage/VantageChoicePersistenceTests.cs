using System.Security.Cryptography;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Vantage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Vantage;

/// <summary>The From selector's choice is stored per user: it survives a restart and is each user's own, on SQLite and PostgreSQL.</summary>
public sealed class VantageChoicePersistenceTests(PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Choice_SurvivesARestart_AndBelongsToItsUserAlone(string provider)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "sd-vantage-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        var settings = provider == "Postgres"
            ? new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Dashboard"] = await postgres.CreateDatabaseAsync(Token) }
            : [];
        try
        {
            string olga, peter;
            await using (var first = DashboardHost.Over(dataDir, settings))
            {
                olga = (await first.AddUserAsync("vc-olga", Role.Operator, Token)).Actor.Id;
                peter = (await first.AddUserAsync("vc-peter", Role.Operator, Token)).Actor.Id;
                var choices = first.Services.GetRequiredService<VantageChoices>();
                await choices.SetAsync(olga, "agent-one", Token);
                await choices.SetAsync(olga, "agent-two", Token);
                await choices.SetAsync(peter, "agent-one", Token);
                await choices.SetAsync(peter, "", Token);
            }

            await using var second = DashboardHost.Over(dataDir, settings);
            var after = second.Services.GetRequiredService<VantageChoices>();

            Assert.Equal("agent-two", await after.GetAsync(olga, Token));
            Assert.Equal("", await after.GetAsync(peter, Token));
            Assert.Equal("", await after.GetAsync("nobody", Token));
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Choice_GoesWithItsUser_AndAnOverlongOrUnknownOneIsNotStored()
    {
        await using var host = new DashboardHost();
        var olga = (await host.AddUserAsync("vc-gone", Role.Operator, Token)).Actor.Id;
        var choices = host.Services.GetRequiredService<VantageChoices>();
        await choices.SetAsync(olga, "agent-one", Token);
        await choices.SetAsync("no-such-user", "agent-one", Token);
        await choices.SetAsync(olga, new string('x', VantageChoiceRow.MaxFromLength + 1), Token);
        Assert.Equal("agent-one", await choices.GetAsync(olga, Token));

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByIdAsync(olga))!)).Succeeded);
        }

        Assert.Equal("", await choices.GetAsync(olga, Token));
        Assert.Equal("", await choices.GetAsync("no-such-user", Token));
    }
}
