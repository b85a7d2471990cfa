using System.Text.Json;
using Microsoft.AspNetCore.Routing.Template;

namespace Dashboard.Web.Tests.Hosting.OpenApi.Coverage;

[CollectionDefinition(nameof(RouteStatusCoverage), DisableParallelization = true)]
public sealed class RouteStatusCoverage;

/// <summary>
/// Every status the OpenAPI document promises for a route was answered by some test host in this run: a documented
/// status no test produces is either untested or untrue. It runs after every other test of the project
/// (<see cref="LastCollectionOrderer"/>), so run it with the whole project: alone, nothing is recorded and it fails.
/// </summary>
[Collection(nameof(RouteStatusCoverage))]
public sealed class RouteStatusCoverageTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryDocumentedStatusOfEveryRoute_WasAnsweredBySomeTest()
    {
        var answered = RouteStatusLog.All.Where(a => a.Path.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.True(answered.Count > 0, "no test host answered any /api request in this run: run the whole Dashboard.Web.Tests project");
        var documented = await DocumentedAsync();
        Assert.NotEmpty(documented);

        var missing = documented
            .Where(d => !answered.Any(a => a.Status == d.Status && a.Method == d.Method && Matches(d.Route, a)))
            .Select(d => $"{d.Method} {d.Route} {d.Status}")
            .ToList();

        Assert.True(missing.Count == 0, $"documented but answered by no test ({missing.Count}):\n{string.Join('\n', missing)}");
    }

    [Fact]
    public async Task EveryStatusARouteAnswered_IsDocumented()
    {
        // 500 is a bug, not a contract; 503 is the whole server at its connection caps, before any route is chosen;
        // 405 with Allow is the path's answer to a method it has no operation for (the document's info says so).
        var answered = RouteStatusLog.All.Where(a => a.RoutePattern?.StartsWith("/api/", StringComparison.Ordinal) == true && a.Status is not (405 or 500 or 503)).ToList();
        Assert.True(answered.Count > 0, "no test host answered any /api route in this run: run the whole Dashboard.Web.Tests project");
        var documented = await DocumentedAsync();
        answered = [.. answered.Where(a => documented.Any(d => d.Method == a.Method && Matches(d.Route, a)))];

        var undocumented = answered
            .Where(a => !documented.Any(d => d.Status == a.Status && d.Method == a.Method && Matches(d.Route, a)))
            .Select(a => $"{a.Method} {Normalized(a.RoutePattern!)} {a.Status}")
            .Distinct()
            .ToList();

        Assert.True(undocumented.Count == 0, $"answered by a route but not in its document ({undocumented.Count}):\n{string.Join('\n', undocumented)}");
    }

    private static bool Matches(string route, AnsweredRequest answer) =>
        answer.RoutePattern is { } pattern
            ? string.Equals(Normalized(pattern), route, StringComparison.OrdinalIgnoreCase)
            : new TemplateMatcher(TemplateParser.Parse(route.TrimStart('/')), []).TryMatch(answer.Path, []);

    private static string Normalized(string pattern) => "/" + pattern.Trim('/');

    private static async Task<List<(string Method, string Route, int Status)>> DocumentedAsync()
    {
        // A host of its own: the document is the same in every host, and this one's answers do not count.
        await using var host = new DashboardHost();
        using var http = host.Http();
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("openapi/v1.json", UriKind.Relative), Token));
        return
        [
            .. from path in document.RootElement.GetProperty("paths").EnumerateObject()
               from operation in path.Value.EnumerateObject()
               from response in operation.Value.GetProperty("responses").EnumerateObject()
               select (operation.Name.ToUpperInvariant(), path.Name, int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture)),
        ];
    }
}
