using System.Net;
using System.Xml.Linq;
using Dashboard.Contracts.Watches;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary><c>GET /api/watches/junit</c>: the state now as JUnit XML that CI tools read.</summary>
public sealed class WatchJunitTests : IAsyncLifetime
{
    private readonly DashboardHost _host = WatchRuns.FastHost();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void JUnit_IsWellFormed_WhateverTheReasonsHold()
    {
        var spec = new WatchSpec("odd <&> \"name\"", "g", WatchKind.Tcp, WatchExpectation.Open, "127.0.0.1", 7);
        var state = new WatchVantageState("", "this server", WatchStatus.Down, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, false,
            "bytes \u0001\u001b]0;x\u0007 and a lone \ud800 half", 1.5, 3);
        var view = new WatchView("id", spec, "admin", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, [state], null, null);

        var xml = XDocument.Parse(Dashboard.Web.Features.Watches.AsCode.WatchJunit.Write([view], DateTimeOffset.UnixEpoch));

        var failure = xml.Root!.Element("testsuite")!.Element("testcase")!.Element("failure")!;
        Assert.StartsWith("bytes ", (string)failure.Attribute("message")!, StringComparison.Ordinal);
        Assert.Equal("odd <&> \"name\" @ this server", (string)xml.Root.Element("testsuite")!.Element("testcase")!.Attribute("name")!);
    }

    [Fact]
    public async Task JUnit_HasASuitePerGroup_ACasePerWatchAndVantage_DownFails_PausedAndUnknownSkip()
    {
        using var http = _host.Http();
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        await WatchRuns.CreateAsync(http, $$"""{"name":"junit-up","group":"junit-a","kind":"tcp","host":"127.0.0.1","port":{{open.Port}},"intervalSeconds":1}""", Token);
        await WatchRuns.CreateAsync(http, $$"""{"name":"junit-down","group":"junit-a","kind":"tcp","host":"127.0.0.1","port":{{closed.Ports[0]}},"intervalSeconds":1}""", Token);
        await WatchRuns.CreateAsync(http, """{"name":"junit-paused","group":"junit-a","kind":"tcp","host":"127.0.0.1","port":1,"paused":true}""", Token);
        await WatchRuns.CreateAsync(http, """{"name":"junit-other","group":"junit-b","kind":"tcp","host":"127.0.0.1","port":1,"paused":true}""", Token);
        await WatchRuns.UntilAsync(http, "junit-up", WatchStatus.Up, Token);
        await WatchRuns.UntilAsync(http, "junit-down", WatchStatus.Down, Token);

        using var response = await http.GetAsync("api/watches/junit", Token);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        using var oneGroup = await http.GetAsync("api/watches/junit?group=junit-b", Token);

        Assert.Equal((HttpStatusCode.OK, "application/xml"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        var root = xml.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal(["junit-a", "junit-b"], root.Elements("testsuite").Select(s => (string)s.Attribute("name")!));
        var suite = root.Elements("testsuite").First();
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal((3, 1, 1), ((int)suite.Attribute("tests")!, (int)suite.Attribute("failures")!, (int)suite.Attribute("skipped")!));
        Assert.Equal((4, 1, 2), ((int)root.Attribute("tests")!, (int)root.Attribute("failures")!, (int)root.Attribute("skipped")!));
        Assert.Equal(cases.Count, (int)suite.Attribute("tests")!);
        var down = Assert.Single(cases, c => c.Element("failure") is not null);
        Assert.Equal("junit-down @ this server", (string)down.Attribute("name")!);
        Assert.Contains("ECONNREFUSED", (string)down.Element("failure")!.Attribute("message")!, StringComparison.Ordinal);
        Assert.Equal("paused", (string)cases.Single(c => (string)c.Attribute("name")! == "junit-paused @ this server").Element("skipped")!.Attribute("message")!);
        var up = cases.Single(c => (string)c.Attribute("name")! == "junit-up @ this server");
        Assert.Null(up.Element("failure"));
        Assert.Null(up.Element("skipped"));
        Assert.Equal(["junit-b"], XDocument.Parse(await oneGroup.Content.ReadAsStringAsync(Token)).Root!.Elements("testsuite").Select(s => (string)s.Attribute("name")!));
    }
}
