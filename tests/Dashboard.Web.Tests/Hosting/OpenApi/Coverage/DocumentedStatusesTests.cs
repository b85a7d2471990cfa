using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Access;
using Dashboard.Web.Features.History;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Hosting.OpenApi.Coverage;

/// <summary>Answers the document promises that no feature's own tests produce: each one really happens.</summary>
public sealed class DocumentedStatusesTests(DocumentedStatusesTests.Team team) : IClassFixture<DocumentedStatusesTests.Team>
{
    /// <summary>A dashboard with one heavy read per user and two probes a minute, a Viewer and two Operators.</summary>
    public sealed class Team : IAsyncLifetime
    {
        public DashboardHost Host { get; } = DashboardHost.With(new()
        {
            ["Dashboard:HeavyReads:PerUser"] = "1",
            ["Policy:Quotas:ProbesPerMinute"] = "2",
        });

        public string Viewer { get; private set; } = "";

        public string Operator { get; private set; } = "";

        public string Rerunner { get; private set; } = "";

        /// <summary>An Operator of its own for Unix socket probes, which take from the same small probe quota.</summary>
        public string UnixOperator { get; private set; } = "";

        /// <summary>An Operator of its own for TLS checks, whose quota the test spends.</summary>
        public string TlsOperator { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            Viewer = (await Host.AddUserAsync("doc-vera", Role.Viewer, CancellationToken.None)).Token;
            Operator = (await Host.AddUserAsync("doc-otto", Role.Operator, CancellationToken.None)).Token;
            Rerunner = (await Host.AddUserAsync("doc-rita", Role.Operator, CancellationToken.None)).Token;
            UnixOperator = (await Host.AddUserAsync("doc-ulla", Role.Operator, CancellationToken.None)).Token;
            TlsOperator = (await Host.AddUserAsync("doc-tina", Role.Operator, CancellationToken.None)).Token;
        }

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<int> StatusAsync(Task<HttpResponseMessage> sent)
    {
        using var response = await sent;
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task AViewer_IsRefusedWhatNeedsAnOperatorOrAnAdmin_With403()
    {
        using var viewer = team.Host.Http(team.Viewer);

        int[] statuses =
        [
            await StatusAsync(viewer.PostJsonAsync("api/udp", """{"host":"127.0.0.1","port":9,"payload":"x"}""", Token)),
            await StatusAsync(viewer.GetAsync("api/policy", Token)),
            await StatusAsync(viewer.GetAsync("api/policy/test?address=127.0.0.1&port=22", Token)),
            await StatusAsync(viewer.PostJsonAsync("api/agents", """{"name":"from-a-viewer"}""", Token)),
            await StatusAsync(viewer.GetAsync("api/agents", Token)),
            await StatusAsync(viewer.DeleteAsync("api/agents/any", Token)),
            await StatusAsync(viewer.PostJsonAsync("api/history/any/rerun", "", Token)),
        ];

        Assert.All(statuses, s => Assert.Equal(403, s));
    }

    [Fact]
    public async Task ARunningScan_CannotBeCompared_409_NorCancelledByAnotherOperator_403()
    {
        using var admin = team.Host.Http();
        using var other = team.Host.Http(team.Operator);
        using var filtered = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        using var started = await admin.PostAsync("api/scans",
            new ScanRequest("127.0.0.1", filtered.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeoutMs: team.Host.Services.GetRequiredService<Dashboard.Web.Features.Scan.ScanService>().MaxTimeoutMs, Discovery: HostDiscovery.Off), Token);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync(Token));
        var id = (await started.Content.ReadFromJsonAsync<ScanStatus>(Token))!.ScanId;

        var compare = await StatusAsync(admin.GetAsync($"api/scans/compare?a={id}&b={id}", Token));
        var compareCsv = await StatusAsync(admin.GetAsync($"api/scans/compare.csv?a={id}&b={id}", Token));
        var cancelByOther = await StatusAsync(other.DeleteAsync($"api/scans/{id}", Token));
        var cancelByOwner = await StatusAsync(admin.DeleteAsync($"api/scans/{id}", Token));

        Assert.Equal((409, 409, 403, 200), (compare, compareCsv, cancelByOther, cancelByOwner));
    }

    [Fact]
    public async Task ComparisonCsv_WithoutIds_Is400_AndPastTheHeavyReads_Is429()
    {
        using var admin = team.Host.Http();

        var missing = await StatusAsync(admin.GetAsync("api/scans/compare.csv?a=only-one", Token));
        int busy;
        using (team.Host.Services.GetRequiredService<HeavyReads>().Enter(team.Host.Admin, "a test's read"))
        {
            busy = await StatusAsync(admin.GetAsync("api/scans/compare.csv?a=one&b=two", Token));
        }

        var badDate = await StatusAsync(admin.GetAsync("api/audit.csv?from=last-tuesday", Token));
        Assert.Equal((400, 429, 400), (missing, busy, badDate));
    }

    [Fact]
    public async Task ATlsCheck_IsRefusedToAViewer_403_FromAnUnknownAgent_404_AndPastTheQuota_429()
    {
        using var viewer = team.Host.Http(team.Viewer);
        using var checker = team.Host.Http(team.TlsOperator);
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        var body = $$"""{"host":"127.0.0.1","port":{{closed.Ports[0]}}}""";

        var byViewer = await StatusAsync(viewer.PostJsonAsync("api/tls", body, Token));
        var fromNowhere = await StatusAsync(checker.PostJsonAsync("api/tls", $$"""{"host":"127.0.0.1","port":9,"from":"no-such-agent"}""", Token));
        var checks = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            checks.Add(await StatusAsync(checker.PostJsonAsync("api/tls", body, Token)));
        }

        Assert.Equal((403, 404), (byViewer, fromNowhere));
        // Two checks a minute (a probe of the quota each); the unknown agent may have cost one of them.
        Assert.Equal(429, checks[^1]);
        Assert.Contains(200, checks);
    }

    [Fact]
    public async Task Rerun_RunsTheProbeAgain_200_UntilTheQuotaIs429()
    {
        using var rerunner = team.Host.Http(team.Rerunner);
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        using var probed = await rerunner.PostAsync("api/probe", new ProbeRequest("127.0.0.1", closed.Ports[0]), Token);
        var id = (await probed.Content.ReadFromJsonAsync<ProbeResult>(Token))!.Id;

        var again = await StatusAsync(rerunner.PostJsonAsync($"api/history/{id}/rerun", "", Token));
        var overQuota = await StatusAsync(rerunner.PostJsonAsync($"api/history/{id}/rerun", "", Token));

        Assert.Equal((200, 429), (again, overQuota));
    }

    [Fact]
    public async Task SendingThroughAStoppedListener_Is409()
    {
        using var admin = team.Host.Http();
        using var opened = await admin.PostAsync("api/listeners", new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0), Token);
        var id = (await opened.Content.ReadFromJsonAsync<ListenerInfo>(Token))!.Id;
        (await admin.DeleteAsync($"api/listeners/{id}", Token)).Dispose();

        var sent = await StatusAsync(admin.PostJsonAsync($"api/listeners/{id}/send", """{"connectionId":1,"payload":"x"}""", Token));

        Assert.Equal(409, sent);
    }

    [Fact]
    public async Task WorkFromAnUnknownAgent_Is404_AndFromAnOfflineOne_409_AtEveryDoorThatTakesFrom()
    {
        using var admin = team.Host.Http();
        using var worker = team.Host.Http(team.Operator);
        using var unixWorker = team.Host.Http(team.UnixOperator);
        (await admin.PostJsonAsync("api/agents", """{"name":"doc-offline"}""", Token)).Dispose();
        string[] doors = ["api/probe", "api/udp", "api/scans", "api/listeners", "api/unix/probe", "api/unix/send", "api/trace"];
        string Body(string door, string from) => door switch
        {
            "api/probe" or "api/trace" => $$"""{"host":"127.0.0.1","port":9,"from":"{{from}}"}""",
            "api/udp" => $$"""{"host":"127.0.0.1","port":9,"payload":"x","from":"{{from}}"}""",
            "api/scans" => $$"""{"targets":"127.0.0.1","ports":"9","from":"{{from}}"}""",
            "api/unix/probe" => $$"""{"path":"/run/doc.sock","from":"{{from}}"}""",
            "api/unix/send" => $$"""{"path":"/run/doc.sock","payload":"x","from":"{{from}}"}""",
            _ => $$"""{"protocol":"tcp","port":0,"from":"{{from}}"}""",
        };

        foreach (var door in doors)
        {
            var client = door.StartsWith("api/unix/", StringComparison.Ordinal) ? unixWorker : worker;
            var unknown = await StatusAsync(client.PostJsonAsync(door, Body(door, "no-such-agent"), Token));
            var offline = await StatusAsync(client.PostJsonAsync(door, Body(door, "doc-offline"), Token));

            Assert.True((unknown, offline) == (404, 409), $"{door}: {unknown}, {offline}");
        }
    }

    [Fact]
    public async Task AnAgent_IsMadeAndRevoked_AndTheVantagePointsAreListed()
    {
        using var admin = team.Host.Http();
        using var made = await admin.PostJsonAsync("api/agents", """{"name":"doc-agent"}""", Token);
        using var created = JsonDocument.Parse(await made.Content.ReadAsStringAsync(Token));
        var id = created.RootElement.GetProperty("agent").GetProperty("id").GetString();

        var revoked = await StatusAsync(admin.DeleteAsync($"api/agents/{id}", Token));
        var vantage = await StatusAsync(admin.GetAsync("api/vantage-points", Token));

        Assert.Equal((201, 200, 200), ((int)made.StatusCode, revoked, vantage));
    }

    [Fact]
    public async Task APathFromThisServerToItself_IsChecked_AndAMatrixIsKeptAndExported()
    {
        using var admin = team.Host.Http();
        var port = LoopbackListener.FreePort(IPAddress.Loopback);

        var check = await StatusAsync(admin.PostJsonAsync("api/paths/check", $$"""{"host":"127.0.0.1","port":{{port}},"protocol":"tcp"}""", Token));
        var badCheck = await StatusAsync(admin.PostJsonAsync("api/paths/check", """{"host":"127.0.0.1","port":0}""", Token));
        using var matrix = await admin.PostJsonAsync("api/paths/matrix",
            $$"""{"name":"doc","rows":[{"host":"127.0.0.1","port":{{port}},"protocol":"tcp","expect":"reachable"}]}""", Token);
        using var result = JsonDocument.Parse(await matrix.Content.ReadAsStringAsync(Token));
        var id = result.RootElement.GetProperty("id").GetString();
        var badMatrix = await StatusAsync(admin.PostJsonAsync("api/paths/matrix", """{"name":"doc","rows":[]}""", Token));
        var list = await StatusAsync(admin.GetAsync("api/paths/matrix", Token));
        var one = await StatusAsync(admin.GetAsync($"api/paths/matrix/{id}", Token));
        using var junit = await admin.GetAsync($"api/paths/matrix/{id}/junit.xml", Token);
        using var junitNow = await admin.PostJsonAsync("api/paths/matrix?format=junit",
            $$"""{"name":"doc","rows":[{"host":"127.0.0.1","port":{{port}},"protocol":"tcp","expect":"reachable"}]}""", Token);

        Assert.Equal((200, 400, 200, 400, 200, 200), (check, badCheck, (int)matrix.StatusCode, badMatrix, list, one));
        Assert.Equal((HttpStatusCode.OK, "application/xml"), (junit.StatusCode, junit.Content.Headers.ContentType?.MediaType));
        Assert.Equal((HttpStatusCode.OK, "application/xml"), (junitNow.StatusCode, junitNow.Content.Headers.ContentType?.MediaType));
    }
}
