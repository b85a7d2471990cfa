using System.Net.Http.Json;
using System.Xml.Linq;
using Dashboard.Contracts.Paths;

namespace Dashboard.Web.Tests.Features.Paths;

/// <summary>Two-ended path checks between agents A and B, through a router namespace whose iptables the tests change.</summary>
[Collection(AgentLabGroup.Name)]
public sealed class PathCheckTests(AgentLab lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PathCheck_ThroughAMasqueradingRouter_DetectsNat_AndWithoutItSeesTheSender()
    {
        var direct = await CheckAsync("tcp", 41001);
        PathCheckResult natted;
        using (lab.Network.Masquerade())
        {
            natted = await CheckAsync("tcp", 41002);
        }

        Assert.Equal((PathExpectation.Reachable, false, true), (direct.Outcome, direct.NatDetected, direct.PayloadIntact));
        Assert.StartsWith(lab.Network.AOnPath + ":", direct.SeenFrom);
        Assert.Equal(direct.SentFrom, direct.SeenFrom);
        Assert.Equal((PathExpectation.Reachable, true, true), (natted.Outcome, natted.NatDetected, natted.PayloadIntact));
        Assert.StartsWith(lab.Network.RouterTowardB + ":", natted.SeenFrom);
        Assert.StartsWith(lab.Network.AOnPath + ":", natted.SentFrom);
        Assert.Equal(("alpha", "bravo", 38, 38), (natted.From, natted.To, natted.BytesSent, natted.BytesSeen));
        Assert.Contains("NAT", natted.Detail);
    }

    [Fact]
    public async Task PathCheck_UdpThroughAMasqueradingRouter_DetectsNat()
    {
        PathCheckResult natted;
        using (lab.Network.Masquerade())
        {
            natted = await CheckAsync("udp", 41003);
        }

        Assert.Equal((PathExpectation.Reachable, true, true), (natted.Outcome, natted.NatDetected, natted.PayloadIntact));
        Assert.StartsWith(lab.Network.RouterTowardB + ":", natted.SeenFrom);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alpha")]
    public async Task PathCheck_ToThisServer_WithHostLeftEmpty_SendsToThisServerAsFromReachesIt(string from)
    {
        // Below the kernel's ephemeral range (32768-60999): no outgoing connection of a test beside it can hold the port.
        var port = from.Length == 0 ? 30005 : 30006;
        using var response = await lab.Http.PostJsonAsync("api/paths/check",
            $"{{\"from\":\"{from}\",\"to\":\"\",\"port\":{port},\"protocol\":\"tcp\",\"timeoutMs\":2000}}", Token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token) + lab.Output);
        var result = (await response.Content.ReadFromJsonAsync<PathCheckResult>(Token))!;

        Assert.Equal(PathExpectation.Reachable, result.Outcome);
        Assert.Equal(from.Length == 0 ? "127.0.0.1" : lab.Network.DashboardSideA.ToString(), result.Host);
    }

    [Fact]
    public async Task PathCheck_DroppedByTheRouter_IsBlocked()
    {
        PathCheckResult blocked;
        using (lab.Network.Drop("tcp", 41004))
        {
            blocked = await CheckAsync("tcp", 41004);
        }

        Assert.Equal((PathExpectation.Blocked, false, null), (blocked.Outcome, blocked.Arrived, blocked.PayloadIntact));
        Assert.Equal("filtered", blocked.SenderState);
        Assert.Null(blocked.SeenFrom);
    }

    [Fact]
    public async Task PathMatrix_PassesWhileTheFirewallHasItsShape_AndFailsTheRowWhenARuleChanges()
    {
        var matrix = $$"""
            {"name":"a to b","timeoutMs":1500,"rows":[
              {"from":"alpha","to":"bravo","port":41010,"protocol":"tcp","expect":"blocked","host":"{{lab.Network.BOnPath}}"},
              {"from":"alpha","to":"bravo","port":41011,"protocol":"tcp","expect":"reachable","host":"{{lab.Network.BOnPath}}"},
              {"from":"alpha","to":"bravo","port":41012,"protocol":"udp","expect":"reachable","host":"{{lab.Network.BOnPath}}"},
              {"from":"alpha","to":"nobody","port":41013,"protocol":"tcp","expect":"reachable","host":"{{lab.Network.BOnPath}}"}]}
            """;
        PathMatrixResult shaped;
        string shapedXml;
        using (lab.Network.Drop("tcp", 41010))
        {
            (shaped, shapedXml) = await RunMatrixAsync(matrix);
        }

        var (changed, changedXml) = await RunMatrixAsync(matrix);

        Assert.Equal([true, true, true, false], shaped.Rows.Select(r => r.Passed));
        Assert.Equal((3, 1), (shaped.Passed, shaped.Failed));
        Assert.StartsWith("from: 'nobody' is not a vantage point", shaped.Rows[3].Error);
        Assert.Equal([false, true, true, false], changed.Rows.Select(r => r.Passed));
        Assert.Equal(PathExpectation.Reachable, changed.Rows[0].Check!.Outcome);

        var suite = XDocument.Parse(shapedXml).Root!.Element("testsuite")!;
        Assert.Equal(("a to b", "4", "0", "1"), (suite.Attribute("name")!.Value, suite.Attribute("tests")!.Value, suite.Attribute("failures")!.Value,
            suite.Attribute("errors")!.Value));
        var cases = XDocument.Parse(changedXml).Descendants("testcase").ToList();
        Assert.Equal(4, cases.Count);
        Assert.Equal("expected blocked, was reachable", cases[0].Element("failure")!.Attribute("message")!.Value);
        Assert.Equal("alpha -> bravo", cases[0].Attribute("classname")!.Value);
        Assert.Null(cases[1].Element("failure"));

        using var stored = await lab.Http.GetAsync($"api/paths/matrix/{changed.Id}", Token);
        Assert.Equal(changed.Id, (await stored.Content.ReadFromJsonAsync<PathMatrixResult>(Token))!.Id);
        using var storedXml = await lab.Http.GetAsync($"api/paths/matrix/{changed.Id}/junit.xml", Token);
        Assert.Equal(4, XDocument.Parse(await storedXml.Content.ReadAsStringAsync(Token)).Descendants("testcase").Count());
    }

    private async Task<PathCheckResult> CheckAsync(string protocol, int port)
    {
        using var response = await lab.Http.PostJsonAsync("api/paths/check",
            $"{{\"from\":\"alpha\",\"to\":\"bravo\",\"port\":{port},\"protocol\":\"{protocol}\",\"host\":\"{lab.Network.BOnPath}\",\"timeoutMs\":2000}}", Token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token) + lab.Output);
        return (await response.Content.ReadFromJsonAsync<PathCheckResult>(Token))!;
    }

    private async Task<(PathMatrixResult Json, string JUnit)> RunMatrixAsync(string matrix)
    {
        using var response = await lab.Http.PostJsonAsync("api/paths/matrix?format=junit", matrix, Token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token));
        var xml = await response.Content.ReadAsStringAsync(Token);
        var json = await lab.Http.GetFromJsonAsync<PathMatrixResult>(new Uri(response.Headers.Location!.OriginalString.TrimStart('/'), UriKind.Relative), Token);
        return (json!, xml);
    }
}
