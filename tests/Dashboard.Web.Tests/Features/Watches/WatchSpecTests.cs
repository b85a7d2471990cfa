using System.Net;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary>Bad watches cost nothing and say which field is wrong; roles and bounds hold at every door.</summary>
public sealed class WatchSpecTests : IClassFixture<WatchSpecTests.Host>
{
    private readonly DashboardHost _host;

    public WatchSpecTests(Host host) => _host = host.Dashboard;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public sealed class Host : IDisposable
    {
        public DashboardHost Dashboard { get; } = DashboardHost.With(new() { ["Watches:MaxWatchesPerOperator"] = "2" });

        public void Dispose() => Dashboard.Dispose();
    }

    [Theory]
    [InlineData("""{"kind":"tcp","host":"h","port":1}""", "name is required: 1-100 characters")]
    [InlineData("""{"name":"x","host":"h","port":1}""", "kind is required: tcp, udp, path, scan or tls")]
    [InlineData("""{"name":"x","kind":"tcp","host":"h","port":1,"expect":"reply"}""", "expect for a tcp watch must be one of open, closed, filtered, not-open, got reply")]
    [InlineData("""{"name":"x","kind":"tcp","host":"h","port":70000}""", "port must be 1-65535, got 70000")]
    [InlineData("""{"name":"x","kind":"tcp","host":"h","port":1,"intervalSeconds":5}""", "intervalSeconds must be 30-604800 (the shortest you may set is 30), got 5")]
    [InlineData("""{"name":"x","kind":"tcp","host":"h","port":1,"cron":"0/10 * * * * ?"}""", "cron fires every 10 s; the shortest interval you may set is 30 s")]
    [InlineData("""{"name":"x","kind":"tcp","host":"h","port":1,"cron":"0 0 * * * ?","timeZone":"Mars/Olympus"}""", "timeZone must be an IANA time zone such as Europe/Berlin, got 'Mars/Olympus'")]
    [InlineData("""{"name":"x","kind":"tcp","host":"h","port":1,"cron":"61 * * * *"}""", "cron must be a Quartz cron expression")]
    [InlineData("""{"name":"x","kind":"tcp","host":"h","port":1,"from":["nosuchagent"]}""", "from: no agent is named 'nosuchagent'")]
    [InlineData("""{"name":"x","kind":"udp","host":"h","port":1,"match":"(","matchKind":"regex"}""", "match is not a valid .NET regular expression")]
    [InlineData("""{"name":"x","kind":"scan","host":"h","ports":"1-2000"}""", "ports: a scan watch scans at most 1024 ports (Watches:MaxScanPorts), got 2000")]
    [InlineData("""{"name":"x","kind":"scan","host":"h","ports":"22,80","baseline":[443]}""", "baseline: port 443 is not among the ports scanned")]
    [InlineData("""{"name":"x","kind":"path","port":80}""", "pathTo is required for a path watch")]
    [InlineData("""{"name":"x","kind":"tcp","host":"h","port":1,"confirmAfter":0}""", "confirmAfter must be 1-100, got 0")]
    public async Task AnOperatorsBadWatch_IsA400NamingTheField_AndNothingIsMade(string json, string problem)
    {
        var (_, token) = await _host.AddUserAsync("spec-" + Guid.NewGuid().ToString("n")[..6], Role.Operator, Token);
        using var http = _host.Http(token);

        using var response = await http.PostJsonAsync("api/watches", json, Token);

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal(400, status);
        Assert.StartsWith(problem, detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await _host.Reads().ListAsync(_host.Admin, null, Token), w => w.Spec.Name == "x");
    }

    [Fact]
    public async Task AViewer_MayReadButNotMake_AndAnOperatorOnlyUpToTheirBound()
    {
        var (viewer, _) = await _host.AddUserAsync("spec-vera", Role.Viewer, Token);
        var (otto, _) = await _host.AddUserAsync("spec-otto", Role.Operator, Token);
        var spec = new WatchSpec("bound 1", Kind: WatchKind.Tcp, Host: "127.0.0.1", Port: 9, IntervalSeconds: 60, Paused: true);

        var byViewer = await Assert.ThrowsAsync<RequestRefusedException>(() => _host.Watches().CreateAsync(viewer, spec, Token));
        await _host.Watches().CreateAsync(otto, spec, Token);
        await _host.Watches().CreateAsync(otto, spec with { Name = "bound 2" }, Token);
        var third = await Assert.ThrowsAsync<RequestRefusedException>(() => _host.Watches().CreateAsync(otto, spec with { Name = "bound 3" }, Token));
        var taken = await Assert.ThrowsAsync<RequestRefusedException>(() => _host.Watches().CreateAsync(_host.Admin, spec, Token));

        Assert.Equal(ErrorKind.Forbidden, byViewer.Kind);
        Assert.Equal("making a watch needs the Operator role; spec-vera is a Viewer", byViewer.Message);
        Assert.Equal(ErrorKind.LimitReached, third.Kind);
        Assert.Contains("spec-otto owns 2 watches, the most an Operator may (Watches:MaxWatchesPerOperator)", third.Message);
        Assert.Equal(ErrorKind.Conflict, taken.Kind);
        Assert.NotEmpty(await _host.Reads().ListAsync(viewer, new Dashboard.Web.Features.Watches.WatchFilter(Owner: "spec-otto"), Token));
    }

    [Fact]
    public async Task AnotherOperator_CannotChangeOrDeleteIt_ButAnAdminCan()
    {
        var (owner, _) = await _host.AddUserAsync("spec-own", Role.Operator, Token);
        var (other, _) = await _host.AddUserAsync("spec-other", Role.Operator, Token);
        var watch = await _host.Watches().CreateAsync(owner, new WatchSpec("owned", Kind: WatchKind.Tcp, Host: "127.0.0.1", Port: 9, Paused: true), Token);

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => _host.Watches().DeleteAsync(other, watch.Id, Token));
        var paused = await _host.Watches().SetPausedAsync(_host.Admin, watch.Id, false, Token);
        await _host.Watches().DeleteAsync(_host.Admin, watch.Id, Token);

        Assert.Equal("deleting a watch: it belongs to spec-own; only its owner or an Admin may do that", refused.Message);
        Assert.False(paused.Spec.Paused);
        await Assert.ThrowsAsync<RequestRefusedException>(() => _host.Reads().GetAsync(_host.Admin, watch.Id, Token));
    }

    [Fact]
    public async Task Defaults_AreFilledIn_AndACrontabLineBecomesQuartzsForm()
    {
        var watch = await _host.Watches().CreateAsync(_host.Admin,
            new WatchSpec("defaults", Kind: WatchKind.Tcp, Host: " 127.0.0.1 ", Port: 9, Cron: "*/5 * * * 1-5", TimeZone: "Europe/Berlin", Paused: true), Token);

        Assert.Equal(("default", WatchExpectation.Open, 3_000, 1), (watch.Spec.Group, watch.Spec.Expect, watch.Spec.TimeoutMs, watch.Spec.ConfirmAfter));
        Assert.Equal(("0 */5 * ? * 1-5", "Europe/Berlin", "127.0.0.1"), (watch.Spec.Cron, watch.Spec.TimeZone, watch.Spec.Host));
        Assert.Equal([""], watch.Spec.From);
        Assert.Equal(WatchStatus.Paused, Assert.Single(watch.States).Status);
        Assert.Null(watch.NextRunAt);
    }
}
