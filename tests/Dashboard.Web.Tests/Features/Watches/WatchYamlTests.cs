using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary>Watches as code over REST, as CI would use it: export a group as YAML, import it back by name, dry runs, prune, roles.</summary>
public sealed class WatchYamlTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string Document(string group, int dbPort = 5432) => $"""
        watches:
        - name: {group}-db
          group: {group}
          kind: tcp
          host: 127.0.0.1
          port: {dbPort}
          paused: true
        - name: {group}-rdp-closed
          group: {group}
          kind: tcp
          expect: closed
          host: 127.0.0.1
          port: 3389
          cron: 0 */5 * * *
          timeZone: Europe/Berlin
          confirmAfter: 3
          paused: true
        - name: {group}-dns
          group: {group}
          kind: udp
          host: 127.0.0.1
          port: 53
          payload: 00ff
          encoding: hex
          from: [local]
          paused: true
        - name: {group}-edge
          group: {group}
          kind: scan
          host: 127.0.0.1
          ports: 22,80,443
          baseline: [22]
          paused: true
        """;

    private static async Task<(HttpStatusCode Status, string Body)> ImportAsync(HttpClient http, string yaml, string query = "")
    {
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var response = await http.PostAsync(new Uri("api/watches/import" + query, UriKind.Relative), content, Token);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Token));
    }

    private static WatchImportResult Result(string body) => JsonSerializer.Deserialize<WatchImportResult>(body, Json)!;

    private static async Task<string> ExportAsync(HttpClient http, string group)
    {
        using var response = await http.GetAsync($"api/watches/export?group={group}", Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync(Token);
    }

    private static async Task<WatchView> GetAsync(HttpClient http, string name) =>
        (await http.GetFromJsonAsync<WatchView>(new Uri($"api/watches/{name}", UriKind.Relative), Token))!;

    [Fact]
    public async Task Export_ThenImport_DryRunSaysAllUnchanged_AndLeavesDefaultsOut()
    {
        using var http = host.Http();
        var (status, body) = await ImportAsync(http, Document("trip"));
        Assert.Equal(HttpStatusCode.OK, status);
        var first = Result(body);
        Assert.Equal((4, 0, 0, true), (first.Created, first.Updated, first.Unchanged, first.Applied));
        Assert.All(first.Watches, w => Assert.NotNull(w.Id));

        var exported = await ExportAsync(http, "trip");
        var again = await ImportAsync(http, exported, "?dryRun=true");

        Assert.Equal(HttpStatusCode.OK, again.Status);
        var diff = Result(again.Body);
        Assert.Equal((0, 0, 4, true, false), (diff.Created, diff.Updated, diff.Unchanged, diff.DryRun, diff.Applied));
        // By name, and without what is the default: group "default", expect open, from this server, timeoutMs, confirmAfter 1.
        Assert.True(exported.IndexOf("name: trip-db", StringComparison.Ordinal) < exported.IndexOf("name: trip-dns", StringComparison.Ordinal), exported);
        Assert.DoesNotContain("timeoutMs", exported, StringComparison.Ordinal);
        Assert.DoesNotContain("expect: open", exported, StringComparison.Ordinal);
        Assert.Contains("confirmAfter: 3", exported, StringComparison.Ordinal);
        Assert.Contains("timeZone: Europe/Berlin", exported, StringComparison.Ordinal);
        // And applied for real, it changes nothing either.
        var applied = Result((await ImportAsync(http, exported)).Body);
        Assert.Equal((4, true), (applied.Unchanged, applied.Applied));
    }

    [Fact]
    public async Task EditedYaml_DryRunShowsExactlyTheChange_AndAppliesNothing_ThenApplies()
    {
        using var http = host.Http();
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(http, Document("edit"))).Status);
        var edited = (await ExportAsync(http, "edit")).Replace("port: 5432", "port: 6432", StringComparison.Ordinal);

        var dry = Result((await ImportAsync(http, edited, "?dryRun=true")).Body);

        var changed = Assert.Single(dry.Watches, w => w.Action == WatchImportAction.Updated);
        Assert.Equal("edit-db", changed.Name);
        Assert.Equal([new WatchFieldChange("port", "5432", "6432")], changed.Changes);
        Assert.Equal(3, dry.Unchanged);
        Assert.Equal(5432, (await GetAsync(http, "edit-db")).Spec.Port);

        var applied = Result((await ImportAsync(http, edited)).Body);
        Assert.Equal((1, true), (applied.Updated, applied.Applied));
        Assert.Equal(6432, (await GetAsync(http, "edit-db")).Spec.Port);
    }

    [Fact]
    public async Task ABadField_Is400NamingItAndTheWatch_AndNothingIsApplied()
    {
        using var http = host.Http();
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(http, Document("bad"))).Status);
        var bad = Document("bad", dbPort: 6432).Replace("port: 3389", "port: 70000", StringComparison.Ordinal) + "\n- name: bad-new\n  kind: tcp\n  host: 127.0.0.1\n  port: 1\n";

        var (status, body) = await ImportAsync(http, bad);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        using var problem = JsonDocument.Parse(body);
        var errors = problem.RootElement.GetProperty("errors");
        var message = errors.GetProperty("watches[1].port")[0].GetString()!;
        Assert.Contains("bad-rdp-closed", message, StringComparison.Ordinal);
        Assert.Contains("70000", message, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var result = problem.RootElement.GetProperty("result").Deserialize<WatchImportResult>(Json)!;
        Assert.Equal((1, 1, false), (result.Errors, result.Created, result.Applied));
        Assert.Equal(5432, (await GetAsync(http, "bad-db")).Spec.Port);
        using var absent = await http.GetAsync("api/watches/bad-new", Token);
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
    }

    [Theory]
    [InlineData("watches:\n- name: x\n  kind: tcp\n  host: 127.0.0.1\n  prot: 80\n", "watches[0].prot")]
    [InlineData("watches:\n- name: x\n  kind: telnet\n  host: 127.0.0.1\n  port: 80\n", "watches[0].kind")]
    [InlineData("watches:\n- name: x\n  kind: tcp\n  host: 127.0.0.1\n  port: eighty\n", "watches[0].port")]
    [InlineData("watches:\n- name: x\n  kind: tcp\n  host: 127.0.0.1\n  port: 80\n- name: x\n  kind: tcp\n  host: 127.0.0.1\n  port: 81\n", "watches[1].name")]
    public async Task AFieldThatIsNotRight_IsNamedWithItsPlace(string yaml, string field)
    {
        using var http = host.Http();

        var (status, body) = await ImportAsync(http, yaml, "?dryRun=true");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
    }

    [Theory]
    [InlineData("watches: [", "body is not YAML")]
    [InlineData("a: &x [1]\nwatches: *x\n", "aliases")]
    [InlineData("hosts: []\n", "'hosts' is not a key")]
    public async Task ADocumentOfAnotherShape_Is400SayingWhy(string yaml, string expected)
    {
        using var http = host.Http();

        var (status, body) = await ImportAsync(http, yaml, "?dryRun=true");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_DeletesTheGroupsWatchesTheDocumentDoesNotName()
    {
        using var http = host.Http();
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(http, Document("prune"))).Status);
        var fewer = "watches:\n- name: prune-db\n  group: prune\n  kind: tcp\n  host: 127.0.0.1\n  port: 5432\n  paused: true\n";

        var dry = Result((await ImportAsync(http, fewer, "?dryRun=true&prune=true")).Body);
        Assert.Equal((1, 3), (dry.Unchanged, dry.Deleted));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/watches/prune-edge", Token)).StatusCode);

        var applied = Result((await ImportAsync(http, fewer, "?prune=true")).Body);

        Assert.Equal(["prune-dns", "prune-edge", "prune-rdp-closed"], applied.Watches.Where(w => w.Action == WatchImportAction.Deleted).Select(w => w.Name));
        using var gone = await http.GetAsync("api/watches/prune-edge", Token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var rows = await host.AuditRowsAsync(AuditActions.WatchImport, "prune", Token);
        Assert.Contains(rows, r => r.Detail == "0 created, 0 updated, 1 unchanged, 3 deleted");
    }

    [Fact]
    public async Task AnOperator_ChangesOnlyTheirOwn_AndAViewerImportsNothing()
    {
        using var admin = host.Http();
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(admin, Document("roles"))).Status);
        var (_, operatorToken) = await host.AddUserAsync("yaml-operator", Role.Operator, Token);
        var (_, viewerToken) = await host.AddUserAsync("yaml-viewer", Role.Viewer, Token);
        using var operatorHttp = host.Http(operatorToken);
        using var viewerHttp = host.Http(viewerToken);
        var changed = (await ExportAsync(operatorHttp, "roles")).Replace("port: 5432", "port: 6432", StringComparison.Ordinal);

        var (status, body) = await ImportAsync(operatorHttp, changed, "?dryRun=true");
        var pruned = Result((await ImportAsync(operatorHttp, "watches:\n- name: roles-mine\n  group: roles\n  kind: tcp\n  host: 127.0.0.1\n  port: 1\n  paused: true\n", "?prune=true")).Body);
        var viewer = await ImportAsync(viewerHttp, changed, "?dryRun=true");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("belongs to admin", body, StringComparison.Ordinal);
        Assert.Equal((1, 0, 4), (pruned.Created, pruned.Deleted, pruned.Watches.Count(w => w.Action == WatchImportAction.Kept)));
        Assert.Equal("yaml-operator", (await GetAsync(admin, "roles-mine")).Owner);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.Status);
    }

    [Fact]
    public async Task AnAdminsWatchAnOperatorCouldNotHaveWritten_IsUnchanged_WhenTheOperatorLeavesItAlone()
    {
        using var admin = host.Http();
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(admin, "watches:\n- name: fast-admin\n  group: fast\n  kind: tcp\n  host: 127.0.0.1\n  port: 1\n  intervalSeconds: 5\n  paused: true\n")).Status);
        var (_, token) = await host.AddUserAsync("yaml-fast-operator", Role.Operator, Token);
        using var operatorHttp = host.Http(token);
        var exported = await ExportAsync(operatorHttp, "fast");

        var (status, body) = await ImportAsync(operatorHttp, exported, "?dryRun=true");
        var faster = await ImportAsync(operatorHttp, exported.Replace("intervalSeconds: 5", "intervalSeconds: 6", StringComparison.Ordinal), "?dryRun=true");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(WatchImportAction.Unchanged, Assert.Single(Result(body).Watches).Action);
        Assert.Equal(HttpStatusCode.BadRequest, faster.Status);
        Assert.Contains("intervalSeconds", faster.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnImportPastAnOperatorsBound_Is429_AndAppliesNothing()
    {
        await using var limited = DashboardHost.With(new() { ["Watches:MaxWatchesPerOperator"] = "3" });
        var (_, token) = await limited.AddUserAsync("yaml-bounded", Role.Operator, Token);
        using var http = limited.Http(token);

        var (status, body) = await ImportAsync(http, Document("bound"));

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Contains("MaxWatchesPerOperator", body, StringComparison.Ordinal);
        using var list = await http.GetAsync("api/watches", Token);
        Assert.Equal("[]", await list.Content.ReadAsStringAsync(Token));
    }

    [Theory]
    [InlineData("1234", "true")]
    [InlineData("yes: no # not a comment", "line one\nline two")]
    [InlineData("- dash, [brackets] {braces} & *star", "  leading and trailing spaces  ")]
    [InlineData("null", "~")]
    [InlineData("ümlaut ✓ 名前", "'quotes' and \"doubles\"")]
    public void Write_ThenRead_GivesTheSameSpec_WhateverTheTextHolds(string name, string payload)
    {
        var options = new Dashboard.Web.Features.Watches.WatchOptions();
        var spec = Dashboard.Web.Features.Watches.WatchSpecs.Complete(
            new WatchSpec(name, Kind: WatchKind.Tcp, Host: "127.0.0.1", Port: 7, Payload: payload, Match: payload.Trim()), options, 1);

        var yaml = Dashboard.Web.Features.Watches.AsCode.WatchYaml.Write([spec], options);
        var read = Assert.Single(Dashboard.Web.Features.Watches.AsCode.WatchYaml.Read(yaml));

        Assert.Null(read.Error);
        Assert.Empty(Dashboard.Web.Features.Watches.AsCode.WatchImport.Changes(spec, Dashboard.Web.Features.Watches.WatchSpecs.Complete(read.Spec, options, 1)));
    }

    [Fact]
    public async Task TheHub_ExportsAndImportsTheSame_AndRefusesADocumentInErrorWithItsFirstProblem()
    {
        await using var hub = await host.ConnectHubAsync(Token);
        var created = await hub.InvokeAsync<WatchImportResult>("ImportWatches", Document("hub"), false, false, Token);
        var exported = await hub.InvokeAsync<string>("ExportWatches", "hub", Token);

        var again = await hub.InvokeAsync<WatchImportResult>("ImportWatches", exported, true, false, Token);
        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            hub.InvokeAsync<WatchImportResult>("ImportWatches", exported.Replace("port: 3389", "port: 0", StringComparison.Ordinal), true, false, Token));

        Assert.Equal(4, created.Created);
        Assert.Equal((4, true), (again.Unchanged, again.DryRun));
        Assert.Contains("nothing was applied", refused.Message, StringComparison.Ordinal);
        Assert.Contains("port must be 1-65535, got 0", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyPastOneMebibyte_Is413()
    {
        using var http = host.Http();

        var (status, body) = await ImportAsync(http, "# " + new string('x', 1 << 20) + "\nwatches: []\n", "?dryRun=true");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("1 MiB", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task YamlAsPlainText_IsTaken_ButAForm_Is415()
    {
        using var http = host.Http();
        using var text = new StringContent("watches: []\n", Encoding.UTF8, "text/plain");
        using var form = new StringContent("watches=1", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var taken = await http.PostAsync(new Uri("api/watches/import?dryRun=true", UriKind.Relative), text, Token);
        using var refused = await http.PostAsync(new Uri("api/watches/import?dryRun=true", UriKind.Relative), form, Token);

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Contains("application/yaml", (await refused.ProblemAsync(Token)).Detail, StringComparison.Ordinal);
    }
}
