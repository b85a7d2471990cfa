using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Features.Policy;

namespace Dashboard.Web.Tests.Features.Agents;

/// <summary>
/// An agent is another machine, possibly taken over: the dashboard sends it only the plan it checked (addresses, not
/// names) and takes back only results of that plan, each once, cleaned; an agent that sends anything else has it
/// dropped and counted, and its scan ends with a reason in plain words.
/// </summary>
public sealed class HostileAgentTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResultsOutsideThePlan_TooManyAndTwice_AreDropped_AndTheScanFailsSayingSoPlainly()
    {
        await using var agent = await ScriptedAgent.StartAsync(host, "rogue-flood", async (self, command) =>
        {
            if (command.Kind == AgentCommandKind.PlanScan)
            {
                await self.ReplyPlanAsync(command, 3, ("127.0.0.1", "127.0.0.1"));
                return;
            }

            // The plan is 3 probes of 127.0.0.1; it sends them, one twice, one for a denied address it was never given,
            // and 80,000 more rows in columns.
            var rows = 80_000;
            var flood = new CompactResults([new CompactTarget("127.0.0.1", "127.0.0.1")],
                [new CompactShape(ProbeState.Open, 0, "OK", "Success", "open", null)], [], DateTimeOffset.UtcNow,
                [.. Enumerable.Repeat(0, rows)], [.. Enumerable.Range(0, rows).Select(i => 1 + (i % 3))], [.. Enumerable.Repeat(0, rows)],
                [.. Enumerable.Repeat(-1, rows)], [.. Enumerable.Repeat(0, rows)], [.. Enumerable.Repeat(-1, rows)]);
            await self.ChunkAsync(command,
            [
                ScriptedAgent.Closed("127.0.0.1", "127.0.0.1", 1), ScriptedAgent.Closed("127.0.0.1", "127.0.0.1", 2),
                ScriptedAgent.Closed("127.0.0.1", "127.0.0.1", 3), ScriptedAgent.Closed("127.0.0.1", "127.0.0.1", 2),
                ScriptedAgent.Closed("169.254.169.254", "169.254.169.254", 80),
            ], flood);
            await self.ReplyAsync(command, null);
        }, cancellationToken: Token);

        var (status, results) = await ScanAsync("{\"targets\":\"127.0.0.1\",\"ports\":\"1-3\",\"discovery\":\"off\",\"from\":\"rogue-flood\"}");

        Assert.Equal(ScanState.Failed, status.State);
        Assert.Equal(
            "agent rogue-flood sent 80,002 results outside the scan it was given (the first: a second result for 127.0.0.1 port 2); they were dropped, 3 of its 3 probes were kept, and the scan was stopped",
            status.Reason);
        Assert.Equal([1, 2, 3], results.Select(r => r.Port).Order());
        Assert.All(results, r => Assert.Equal(("127.0.0.1", "127.0.0.1", ProbeState.Closed), (r.Host, r.Address, r.State)));
    }

    [Fact]
    public async Task TextFieldsWithControlCharactersAndFormulas_AreStoredCleanedAndBounded_UnderThePlansOwnHost()
    {
        var forged = "refused\r\n2026-12-06 INFO admin signed in\u001b[31m\u202e" + new string('x', 10_000);
        await using var agent = await ScriptedAgent.StartAsync(host, "rogue-text", async (self, command) =>
        {
            if (command.Kind == AgentCommandKind.PlanScan)
            {
                await self.ReplyPlanAsync(command, 2, ("127.0.0.1", "127.0.0.1"));
                return;
            }

            await self.ChunkAsync(command,
            [
                ScriptedAgent.Closed("127.0.0.1", "127.0.0.1", 1, forged) with
                {
                    CodeName = "=HYPERLINK(\"http://evil\",\"x\")\n", Service = "\t=cmd|' /C calc'!A0", LocalEndPoint = "\u0007not an endpoint",
                    RttMs = -5, Id = "forged-id", From = "someone else",
                },
                ScriptedAgent.Closed("127.0.0.1", "127.0.0.1", 2) with { RemoteEndPoint = "10.0.0.1:22", State = ProbeState.Open },
            ]);
            await self.ReplyAsync(command, null);
        }, cancellationToken: Token);

        var (status, results) = await ScanAsync("{\"targets\":\"127.0.0.1\",\"ports\":\"1,2\",\"discovery\":\"off\",\"from\":\"rogue-text\"}");

        Assert.Equal((ScanState.Completed, null), (status.State, status.Reason));
        var first = Assert.Single(results, r => r.Port == 1);
        Assert.True(first.Message.Length <= 512, $"message of {first.Message.Length} characters");
        Assert.StartsWith("refused  2026-12-06 INFO admin signed in [31m ", first.Message);
        Assert.Equal(("=HYPERLINK(\"http://evil\",\"x\") ", " =cmd|' /C calc'!A0", null, null, null), (first.CodeName, first.Service, first.LocalEndPoint, first.RttMs, first.Id));
        Assert.All(results, r => Assert.DoesNotContain(
            new[] { r.Host, r.Address, r.CodeName, r.SocketError, r.Message, r.Service, r.LocalEndPoint, r.RemoteEndPoint },
            text => text?.Any(c => char.IsControl(c) || c == '\u202e') == true));
        Assert.Equal("10.0.0.1:22", Assert.Single(results, r => r.Port == 2).RemoteEndPoint);
    }

    [Fact]
    public async Task APlanAnswerNamingTargetsNotAskedFor_IsRefused_NothingIsSent()
    {
        var answers = new Queue<(string, string)>([("=HYPERLINK(\"x\")", "127.0.0.1"), ("127.0.0.1", "169.254.169.254")]);
        await using var agent = await ScriptedAgent.StartAsync(host, "rogue-plan", (self, command) =>
            command.Kind == AgentCommandKind.PlanScan ? self.ReplyPlanAsync(command, 1, answers.Dequeue()) : self.ReplyAsync(command, null),
            cancellationToken: Token);
        using var http = host.Http();

        using var foreign = await http.PostJsonAsync("api/scans", "{\"targets\":\"127.0.0.1\",\"ports\":\"1\",\"from\":\"rogue-plan\"}", Token);
        using var moved = await http.PostJsonAsync("api/scans", "{\"targets\":\"127.0.0.1\",\"ports\":\"1\",\"from\":\"rogue-plan\"}", Token);

        Assert.Equal((409, "agent rogue-plan answered the scan's plan with a target that was not asked for ('=HYPERLINK(\"x\")'); nothing was sent"),
            Pair(await foreign.ProblemAsync(Token)));
        Assert.Equal((409, "agent rogue-plan answered the scan's plan with 169.254.169.254 for 127.0.0.1, another address than the one written; nothing was sent"),
            Pair(await moved.ProblemAsync(Token)));
        Assert.DoesNotContain(agent.Commands, c => c.Kind is AgentCommandKind.RunScan or AgentCommandKind.Scan);
    }

    [Fact]
    public async Task TheScanSentToAnAgent_CarriesTheCheckedAddresses_NotTheNamesToResolveAgain()
    {
        await using var agent = await ScriptedAgent.StartAsync(host, "recorder", async (self, command) =>
        {
            if (command.Kind == AgentCommandKind.PlanScan)
            {
                // Where the agent stands, the name resolved to loopback: that is the address the policy checks.
                await self.ReplyPlanAsync(command, 2, ("rebind.example", "127.0.0.1"));
                return;
            }

            await self.ReplyAsync(command, null);
        }, cancellationToken: Token);

        var (status, _) = await ScanAsync("{\"targets\":\"rebind.example\",\"ports\":\"1,2\",\"discovery\":\"off\",\"from\":\"recorder\"}");

        Assert.Equal(ScanState.Completed, status.State);
        var run = Assert.Single(agent.Commands, c => c.Kind is not AgentCommandKind.PlanScan);
        Assert.Equal(AgentCommandKind.RunScan, run.Kind);
        Assert.Equal(JsonValueKind.Array, run.Payload.GetProperty("targets").ValueKind);
        var order = AgentJson.Read<AgentScanOrder>(run.Payload);
        Assert.Equal([new AgentTarget("rebind.example", "127.0.0.1")], order.Targets);
        Assert.Equal([1, 2], order.Ports);
    }

    [Fact]
    public async Task TheScanSentToAnAgent_CarriesOnlyTheDiscoveryPortsThePolicyAllows()
    {
        await using var agent = await ScriptedAgent.StartAsync(host, "discoverer", async (self, command) =>
        {
            if (command.Kind == AgentCommandKind.PlanScan)
            {
                await self.ReplyPlanAsync(command, 1, discoverHosts: true, ("127.0.0.1", "127.0.0.1"));
                return;
            }

            await self.ReplyAsync(command, null);
        }, cancellationToken: Token);
        await host.PutRulesAsync(Token, new PolicyRuleModel("no-https", "deny", ["127.0.0.1/32"], "443"));
        try
        {
            await ScanAsync("{\"targets\":\"127.0.0.1\",\"ports\":\"9\",\"discovery\":\"on\",\"from\":\"discoverer\"}");

            var order = AgentJson.Read<AgentScanOrder>(Assert.Single(agent.Commands, c => c.Kind == AgentCommandKind.RunScan).Payload);
            Assert.True(order.DiscoverHosts);
            Assert.Equal([80, 22], order.DiscoveryPorts);
        }
        finally
        {
            await host.PutRulesAsync(Token);
        }
    }

    [Fact]
    public async Task AnAgentThatWouldResolveAgain_IsRefusedScans_WithAClearMessage()
    {
        await using var agent = await ScriptedAgent.StartAsync(host, "old-timer", (self, command) => self.ReplyPlanAsync(command, 1, ("127.0.0.1", "127.0.0.1")),
            ["probe", "scan", "udp", "listen", "tcp-send"], Token);
        using var http = host.Http();

        using var scan = await http.PostJsonAsync("api/scans", "{\"targets\":\"127.0.0.1\",\"ports\":\"1\",\"from\":\"old-timer\"}", Token);

        Assert.Equal((409, "from: agent old-timer (version 9.9.9) is too old to scan for this dashboard: it would resolve the targets' names again after the dashboard checked them; upgrade the agent"),
            Pair(await scan.ProblemAsync(Token)));
        Assert.Empty(agent.Commands);
    }

    [Fact]
    public async Task ListenerEventsFromAnAgent_AreShownWithRealEndpointsAndCleanBoundedMessages_UnderTheDashboardsOwner()
    {
        var info = new ListenerInfo("rogue-listener-1", ListenerProtocol.Tcp, "0.0.0.0:5555", "forged-owner", DateTimeOffset.UtcNow,
            DateTimeOffset.UtcNow.AddMinutes(5), 0, 0, ListenerState.Listening, 0, 0, 0, ReplyMode.None, null);
        await using var agent = await ScriptedAgent.StartAsync(host, "rogue-ears", async (self, command) =>
        {
            await self.ReplyAsync(command, info);
            await self.ListenerUpdateAsync(new AgentListenerUpdate(info with { Owner = "someone-else", StoppedReason = "x\nforged" }, [
                new ListenerEvent("other-id", 99, ListenerEventKind.Error, 1, "\u001b[2Jnot an endpoint", "10.0.0.1:5555", 0, null, null, DateTimeOffset.UtcNow,
                    "boom\r\n2026-12-06 INFO admin signed in" + new string('y', 5_000)),
            ]));
        }, cancellationToken: Token);
        using var http = host.Http();

        using var opened = await http.PostJsonAsync("api/listeners", "{\"protocol\":\"tcp\",\"bindAddress\":\"0.0.0.0\",\"port\":5555,\"from\":\"rogue-ears\"}", Token);
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync(Token));
        List<ListenerEvent> events = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(30); events.Count == 0 && DateTime.UtcNow < deadline; await Task.Delay(100, Token))
        {
            events = (await http.GetFromJsonAsync<List<ListenerEvent>>(new Uri("api/listeners/rogue-listener-1/events", UriKind.Relative), Token))!;
        }

        var shown = Assert.Single(events);
        Assert.Equal(("rogue-listener-1", null, "10.0.0.1:5555"), (shown.ListenerId, shown.Peer, shown.Local));
        Assert.StartsWith("boom  2026-12-06 INFO admin signed in", shown.Message);
        Assert.Equal(512, shown.Message!.Length);
        var now = (await http.GetFromJsonAsync<ListenerInfo>(new Uri("api/listeners/rogue-listener-1", UriKind.Relative), Token))!;
        Assert.Equal((DashboardHost.AdminName, "rogue-ears"), (now.Owner, now.From));
    }

    [Fact]
    public async Task AListenerUpdateBeforeItsMirrorIsMade_IsKeptForIt_NotLost()
    {
        // Its open reply answered, its mirror not made yet: the update that the agent sent next lands in between.
        var info = new ListenerInfo("early-listener-1", ListenerProtocol.Tcp, "127.0.0.1:5556", "agent-says", DateTimeOffset.UtcNow,
            DateTimeOffset.UtcNow.AddMinutes(5), 0, 0, ListenerState.Listening, 0, 0, 0, ReplyMode.None, null);
        await using var agent = await ScriptedAgent.StartAsync(host, "early-news", (self, command) => self.ReplyAsync(command, info), cancellationToken: Token);
        await agent.ListenerUpdateAsync(new AgentListenerUpdate(info, [
            new ListenerEvent(info.Id, 1, ListenerEventKind.Error, 1, null, "127.0.0.1:5556", 0, null, null, DateTimeOffset.UtcNow, "said before the mirror"),
        ]));
        using var http = host.Http();

        using var opened = await http.PostJsonAsync("api/listeners", "{\"protocol\":\"tcp\",\"bindAddress\":\"127.0.0.1\",\"port\":5556,\"from\":\"early-news\"}", Token);

        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync(Token));
        List<ListenerEvent> events = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(30); events.Count == 0 && DateTime.UtcNow < deadline; await Task.Delay(100, Token))
        {
            // Events are shown once stored.
            events = (await http.GetFromJsonAsync<List<ListenerEvent>>(new Uri($"api/listeners/{info.Id}/events", UriKind.Relative), Token))!;
        }

        Assert.Equal("said before the mirror", Assert.Single(events).Message);
    }

    [Theory]
    [InlineData(false, "agent {0} (version 9.9.9) cannot send into its listeners' connections; upgrade the agent")]
    [InlineData(true, "agent {0} answered a send through listener {1} with something that is not its sent event")]
    public async Task SendThroughAnAgentsListener_NeedsAnAgentThatSaysItCan_AndTakesOnlyItsSentEvent(bool saysItCan, string expected)
    {
        var name = saysItCan ? "liar-sender" : "old-sender";
        var id = $"{name}-listener";
        var info = new ListenerInfo(id, ListenerProtocol.Tcp, "0.0.0.0:5556", "x", DateTimeOffset.UtcNow,
            DateTimeOffset.UtcNow.AddMinutes(5), 0, 0, ListenerState.Listening, 0, 0, 0, ReplyMode.None, null);
        string[] capabilities = saysItCan ? ["probe", AgentCapabilities.CheckedScans, AgentCapabilities.ListenerSend] : ["probe", AgentCapabilities.CheckedScans];
        await using var agent = await ScriptedAgent.StartAsync(host, name, (self, command) => self.ReplyAsync(command, command.Kind == AgentCommandKind.OpenListener
            ? info
            : new ListenerEvent("another-listener", 1, ListenerEventKind.Accepted, 1, "10.0.0.1:1", "10.0.0.2:5556", 0, null, null, DateTimeOffset.UtcNow)),
            capabilities, Token);
        using var http = host.Http();
        using var opened = await http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"tcp\",\"port\":5556,\"from\":\"{name}\"}}", Token);
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync(Token));

        using var sent = await http.PostAsJsonAsync(new Uri($"api/listeners/{id}/send", UriKind.Relative), new ListenerSendRequest(1, null, "x"), Token);

        Assert.Equal((409, string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, name, id)), Pair(await sent.ProblemAsync(Token)));
        Assert.Equal(saysItCan ? 1 : 0, agent.Commands.Count(c => c.Kind == AgentCommandKind.ListenerSend));
    }

    private static (int, string) Pair((int Status, string Detail, string? Field) problem) => (problem.Status, problem.Detail);

    private async Task<(ScanStatus Status, List<ProbeResult> Results)> ScanAsync(string json)
    {
        using var http = host.Http();
        using var started = await http.PostJsonAsync("api/scans", json, Token);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(Token));
        var scan = started.Headers.Location!.OriginalString.TrimStart('/');
        ScanStatus status;
        var deadline = DateTime.UtcNow.AddMinutes(1);
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "the scan did not end within a minute");
            await Task.Delay(100, Token);
            status = (await http.GetFromJsonAsync<ScanStatus>(new Uri(scan, UriKind.Relative), Token))!;
        }
        while (status.State == ScanState.Running);
        var page = await http.GetFromJsonAsync<ResultsPage>(new Uri($"{scan}/results", UriKind.Relative), Token);
        return (status, page!.Results);
    }

    private sealed record ResultsPage(List<ProbeResult> Results);
}
