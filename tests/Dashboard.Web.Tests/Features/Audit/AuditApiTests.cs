using System.Net;
using System.Net.Http.Json;
using Dashboard.Web.Features.Audit;

namespace Dashboard.Web.Tests.Features.Audit;

/// <summary>The audit trail is for Admins: the JSON pages and the CSV export refuse everyone else.</summary>
public sealed class AuditApiTests(AuditTeam team) : IClassFixture<AuditTeam>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("api/audit")]
    [InlineData("api/audit.csv")]
    public async Task ViewerAndOperator_Get403Problems(string path)
    {
        using var viewer = team.Host.Http(team.ViewerToken);
        using var @operator = team.Host.Http(team.OperatorToken);

        using var asViewer = await viewer.GetAsync(path, Token);
        using var asOperator = await @operator.GetAsync(path, Token);

        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asOperator.StatusCode);
        Assert.Contains("needs the Admin role; aud-otto is an Operator", (await asOperator.ProblemAsync(Token)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_ReadsAPage_FilteredByUserAndAction()
    {
        using var http = team.Host.Http();

        var page = await http.GetFromJsonAsync<AuditPage>(new Uri("api/audit?user=aud-otto&action=token.create&pageSize=10", UriKind.Relative), Token);

        var row = Assert.Single(page!.Items);
        Assert.Equal(("aud-otto", "token.create", "ok", "test"), (row.ActorName, row.Action, row.Outcome, row.Target));
        Assert.Equal(1, page.Total);
    }

    [Theory]
    [InlineData("api/audit?action=drop.tables", "action")]
    [InlineData("api/audit?outcome=maybe", "outcome")]
    [InlineData("api/audit?from=yesterday", "from")]
    [InlineData("api/audit?pageSize=501", "pageSize")]
    public async Task BadFilters_Are400WithTheField(string path, string field)
    {
        using var http = team.Host.Http();

        using var response = await http.GetAsync(path, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.ProblemAsync(Token)).Field);
    }

    [Fact]
    public async Task Admin_ExportsCsv_WithUserTextNeutralised()
    {
        var sneaky = team.Operator with { Name = "aud-otto" };
        team.Service<AuditQueue>().Record(sneaky, AuditActions.Probe, "=HYPERLINK(\"http://x\",\"y\"),1", AuditOutcome.Failed, "line1\nline2, \"quoted\"");
        using var http = team.Host.Http();

        using var response = await http.GetAsync("api/audit.csv?user=aud-otto&action=probe&outcome=failed", Token);
        var csv = await response.Content.ReadAsStringAsync(Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(AuditCsv.Header + "\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\"),1\",\"failed\",\"line1\nline2, \"\"quoted\"\"\"\r\n", csv, StringComparison.Ordinal);
    }
}
