using System.Net.Http.Json;
using System.Security.Cryptography;
using Dashboard.Web.Features.Policy;

namespace Dashboard.Web.Tests.Features.Policy;

/// <summary>The Admins' rules are kept in the database: they survive a restart, on SQLite and on a real PostgreSQL.</summary>
public sealed class PolicyPersistenceTests(PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Rules_SurviveARestartOfTheHost_InTheirOrder(string provider)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "sd-policy-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        var settings = provider == "Postgres"
            ? new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Dashboard"] = await postgres.CreateDatabaseAsync(Token) }
            : [];
        try
        {
            await using (var first = DashboardHost.Over(dataDir, settings))
            {
                await first.PutRulesAsync(Token,
                    new PolicyRuleModel("lab-ssh", "allow", ["10.1.0.0/16", "fd00:1::/32"], "22,2222-2223", ["Operator", "Admin"]),
                    PolicyHosts.Deny("lab", "10.0.0.0/8"));
            }

            await using var second = DashboardHost.Over(dataDir, settings);
            using var http = second.Http();
            var document = await http.GetFromJsonAsync<PolicyDocument>(new Uri("api/policy", UriKind.Relative), Token);
            var tested = await http.GetFromJsonAsync<PolicyTestResult>(new Uri("api/policy/test?address=10.1.2.3&port=2223&role=Operator", UriKind.Relative), Token);

            var stored = document!.Rules.Where(r => !r.BuiltIn).ToList();
            Assert.Equal(["lab-ssh", "lab"], stored.Select(r => r.Name));
            Assert.Equal(("allow", "22,2222-2223"), (stored[0].Action, stored[0].Ports));
            Assert.Equal(["10.1.0.0/16", "fd00:1::/32"], stored[0].Networks);
            Assert.Equal(["Operator", "Admin"], stored[0].Roles!);
            Assert.Equal((true, "lab-ssh"), (tested!.Allowed, tested.Rule));
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }
}
