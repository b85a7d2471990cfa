using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary>Every route of <c>/api/watches</c> with every status it documents, as a script meets them.</summary>
public sealed class WatchApiTests : IClassFixture<WatchApiTests.Host>
{
    private readonly Host _fixture;

    public WatchApiTests(Host fixture) => _fixture = fixture;

    private DashboardHost Dashboard => _fixture.Dashboard;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public sealed class Host : IDisposable
    {
        public DashboardHost Dashboard { get; } = DashboardHost.With(new()
        {
            ["Watches:MaxWatchesPerOperator"] = "1",
            ["Policy:Quotas:ProbesPerMinute"] = "3",
        });

        public void Dispose() => Dashboard.Dispose();
    }

    private const string Paused = """{"name":"api one","kind":"tcp","host":"127.0.0.1","port":9,"paused":true}""";

    [Fact]
    public async Task TheWholeLifeOfAWatch_ThroughEveryRoute()
    {
        using var admin = Dashboard.Http();
        using var created = await admin.PostJsonAsync("api/watches", Paused, Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var watch = (await created.Content.ReadFromJsonAsync<WatchView>(Token))!;
        Assert.Equal($"/api/watches/{watch.Id}", created.Headers.Location?.OriginalString);

        await OkAsync(admin.GetAsync("api/watches?group=default&status=paused", Token));
        await OkAsync(admin.GetAsync("api/watches/groups", Token));
        await OkAsync(admin.GetAsync("api/watches/incidents?open=true", Token));
        await OkAsync(admin.GetAsync($"api/watches/{watch.Id}", Token));
        await OkAsync(admin.GetAsync("api/watches/api%20one", Token));
        await OkAsync(admin.PutAsync(new Uri($"api/watches/{watch.Id}", UriKind.Relative), Json(Paused.Replace("port\":9", "port\":10", StringComparison.Ordinal)), Token));
        await OkAsync(admin.PostJsonAsync($"api/watches/{watch.Id}/resume", "", Token));
        await OkAsync(admin.PostJsonAsync($"api/watches/{watch.Id}/run", "", Token));
        await OkAsync(admin.PostJsonAsync($"api/watches/{watch.Id}/pause", "", Token));
        await OkAsync(admin.GetAsync($"api/watches/{watch.Id}/runs?limit=5", Token));
        await OkAsync(admin.GetAsync($"api/watches/{watch.Id}/incidents", Token));
        await OkAsync(admin.GetAsync($"api/watches/{watch.Id}/uptime", Token));
        await OkAsync(admin.GetAsync($"api/watches/{watch.Id}/rtt?hours=48", Token));
        await OkAsync(admin.PostJsonAsync("api/watches/preview", """{"name":"try","kind":"tcp","host":"127.0.0.1","port":9,"timeoutMs":500}""", Token));
        await OkAsync(admin.DeleteAsync($"api/watches/{watch.Id}", Token));
    }

    [Fact]
    public async Task BadInput_Is400NamingTheField_OnEveryRouteThatTakesSome()
    {
        using var admin = Dashboard.Http();
        using var created = await admin.PostJsonAsync("api/watches", Paused.Replace("api one", "api bad", StringComparison.Ordinal), Token);
        var id = (await created.Content.ReadFromJsonAsync<WatchView>(Token))!.Id;

        await ProblemAsync(admin.GetAsync("api/watches?status=sideways", Token), 400, "status must be up, down, unknown or paused, got 'sideways'");
        await ProblemAsync(admin.PostJsonAsync("api/watches", """{"name":"x","kind":"tcp"}""", Token), 400, "host is required");
        await ProblemAsync(admin.PostJsonAsync("api/watches/preview", """{"name":"x","kind":"tcp","host":"h"}""", Token), 400, "port is required");
        await ProblemAsync(admin.PutAsync(new Uri($"api/watches/{id}", UriKind.Relative), Json("""{"name":"x"}"""), Token), 400, "kind is required");
        await ProblemAsync(admin.GetAsync("api/watches/incidents?limit=0", Token), 400, "limit must be 1-1000, got 0");
        await ProblemAsync(admin.GetAsync($"api/watches/{id}/runs?limit=5000", Token), 400, "limit must be 1-1000, got 5000");
        await ProblemAsync(admin.GetAsync($"api/watches/{id}/incidents?limit=0", Token), 400, "limit must be 1-1000, got 0");
        await ProblemAsync(admin.GetAsync($"api/watches/{id}/rtt?hours=0", Token), 400, "hours must be 1-720, got 0");
    }

    [Fact]
    public async Task Unknown_Is404_Taken_Is409_OthersWatch_Is403_Bounds_Are429()
    {
        using var admin = Dashboard.Http();
        var (_, viewerToken) = await Dashboard.AddUserAsync("api-vera", Role.Viewer, Token);
        var (_, ottoToken) = await Dashboard.AddUserAsync("api-otto", Role.Operator, Token);
        using var viewer = Dashboard.Http(viewerToken);
        using var otto = Dashboard.Http(ottoToken);
        using var created = await admin.PostJsonAsync("api/watches", Paused.Replace("api one", "api admins", StringComparison.Ordinal), Token);
        var id = (await created.Content.ReadFromJsonAsync<WatchView>(Token))!.Id;

        foreach (var route in new[] { "", "/runs", "/incidents", "/uptime", "/rtt" })
        {
            await ProblemAsync(admin.GetAsync($"api/watches/nosuch{route}", Token), 404, "no watch has the id or name 'nosuch'");
        }

        foreach (var action in new[] { "pause", "resume", "run" })
        {
            await ProblemAsync(admin.PostJsonAsync($"api/watches/nosuch/{action}", "", Token), 404, "no watch has the id or name");
            await ProblemAsync(otto.PostJsonAsync($"api/watches/{id}/{action}", "", Token), 403, "it belongs to admin");
        }

        await ProblemAsync(admin.PutAsync(new Uri("api/watches/nosuch", UriKind.Relative), Json(Paused), Token), 404, "no watch has the id or name");
        await ProblemAsync(admin.DeleteAsync("api/watches/nosuch", Token), 404, "no watch has the id or name");
        await ProblemAsync(otto.PutAsync(new Uri($"api/watches/{id}", UriKind.Relative), Json(Paused), Token), 403, "changing a watch: it belongs to admin");
        await ProblemAsync(otto.DeleteAsync($"api/watches/{id}", Token), 403, "deleting a watch: it belongs to admin");
        await ProblemAsync(viewer.PostJsonAsync("api/watches", Paused, Token), 403, "making a watch needs the Operator role");
        await ProblemAsync(viewer.PostJsonAsync("api/watches/preview", Paused, Token), 403, "trying a watch needs the Operator role");

        await ProblemAsync(admin.PostJsonAsync("api/watches", Paused.Replace("api one", "api admins", StringComparison.Ordinal), Token), 409, "name 'api admins' is taken");
        using (var another = await admin.PostJsonAsync("api/watches", Paused.Replace("api one", "api other", StringComparison.Ordinal), Token))
        {
            var otherId = (await another.Content.ReadFromJsonAsync<WatchView>(Token))!.Id;
            await ProblemAsync(admin.PutAsync(new Uri($"api/watches/{otherId}", UriKind.Relative), Json(Paused.Replace("api one", "api admins", StringComparison.Ordinal)), Token),
                409, "name 'api admins' is taken");
        }

        await OkAsync(otto.PostJsonAsync("api/watches", Paused.Replace("api one", "otto's only", StringComparison.Ordinal), Token), HttpStatusCode.Created);
        await ProblemAsync(otto.PostJsonAsync("api/watches", Paused.Replace("api one", "otto's second", StringComparison.Ordinal), Token), 429, "api-otto owns 1 watches");
        for (var i = 0; i < 3; i++)
        {
            await OkAsync(otto.PostJsonAsync("api/watches/preview", """{"name":"q","kind":"tcp","host":"127.0.0.1","port":9,"timeoutMs":200}""", Token));
        }

        await ProblemAsync(otto.PostJsonAsync("api/watches/preview", """{"name":"q","kind":"tcp","host":"127.0.0.1","port":9,"timeoutMs":200}""", Token), 429, "probes");
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task OkAsync(Task<HttpResponseMessage> request, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await request;
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Token)}");
    }

    private static async Task ProblemAsync(Task<HttpResponseMessage> request, int status, string detail)
    {
        using var response = await request;
        var problem = await response.ProblemAsync(Token);
        Assert.True(problem.Status == status && problem.Detail.Contains(detail, StringComparison.Ordinal),
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {problem.Status} {problem.Detail}");
    }
}
