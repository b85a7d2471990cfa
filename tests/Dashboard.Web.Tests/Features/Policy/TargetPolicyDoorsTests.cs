using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Policy;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Policy;

/// <summary>
/// The target policy through the hub and the API: checked on the resolved address, the socket aimed at that
/// same address, a denial a result naming the rule with nothing sent, audited as refused.
/// </summary>
public sealed class TargetPolicyDoorsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MetadataAddress_AsALiteralAndIPv4Mapped_IsAnErrorNamingTheRule_ForAnOperator_AndAuditedAsRefused()
    {
        await using var host = new DashboardHost();
        var (_, token) = await host.AddUserAsync("pol-otto", Role.Operator, Token);
        using var http = host.Http(token);
        await using var hub = await host.ConnectHubAsync(Token, token);

        using var rest = await http.PostAsync("api/probe", new ProbeRequest("169.254.169.254", 80), Token);
        var literal = (await rest.Content.ReadFromJsonAsync<ProbeResult>(Token))!;
        var mapped = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("::ffff:169.254.169.254", 80), Token);
        using var udpResponse = await http.PostAsync("api/udp", new UdpSendRequest("169.254.169.254", 53, "x"), Token);
        var udp = (await udpResponse.Content.ReadFromJsonAsync<UdpSendResult>(Token))!;

        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.Equal((ProbeState.Error, "EACCES", "169.254.169.254"), (literal.State, literal.CodeName, literal.Address));
        Assert.Equal("169.254.169.254 is denied by policy rule 'link-local'; nothing was sent", literal.Message);
        Assert.Null(literal.RttMs);
        Assert.Equal(("::ffff:169.254.169.254", ProbeState.Error), (mapped.Host, mapped.State));
        Assert.Equal("169.254.169.254 is denied by policy rule 'link-local'; nothing was sent", mapped.Message);
        Assert.Equal((UdpState.Error, 0, "169.254.169.254 is denied by policy rule 'link-local'; nothing was sent"), (udp.State, udp.Sent, udp.Message));
        var row = Assert.Single(await host.AuditRowsAsync(AuditActions.Probe, "169.254.169.254:80", Token));
        Assert.Equal(("pol-otto", "api", "refused", "forbidden"), (row.ActorName, row.Door, row.Outcome, row.RefusalKind));
        Assert.Contains("denied by policy rule 'link-local'", row.Detail, StringComparison.Ordinal);
        Assert.Equal("refused", Assert.Single(await host.AuditRowsAsync(AuditActions.Probe, "[::ffff:169.254.169.254]:80", Token)).Outcome);
        Assert.Equal("refused", Assert.Single(await host.AuditRowsAsync(AuditActions.UdpSend, "169.254.169.254:53", Token)).Outcome);
    }

    [Fact]
    public async Task ANameResolvingToADeniedAddress_SendsNothing_TheListenerThereCountsNoConnection()
    {
        await using var host = new DashboardHost();
        using var http = host.Http();
        using var opened = await http.PostAsync("api/listeners", new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0), Token);
        var listener = (await opened.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;
        var port = int.Parse(listener.LocalEndPoint.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
        using var peer = new UdpPeer(IPAddress.Loopback, echo: false);
        await using var hub = await host.ConnectHubAsync(Token);

        var before = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("localhost", port), Token);
        await WaitForConnectionsAsync(http, listener.Id, 1);
        await host.PutRulesAsync(Token, PolicyHosts.Deny("loopback-lab", "127.0.0.0/8", "::1"));
        var after = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("localhost", port), Token);
        var sent = await hub.InvokeAsync<UdpSendResult>(ProbeHubRoutes.SendUdp, new UdpSendRequest("localhost", peer.Port, "hello", WaitReplyMs: 200), Token);
        await Task.Delay(300, Token);
        var info = (await http.GetFromJsonAsync<ListenerInfo>(new Uri($"api/listeners/{listener.Id}", UriKind.Relative), Token))!;

        Assert.Equal(ProbeState.Open, before.State);
        Assert.Equal(ProbeState.Error, after.State);
        Assert.Equal("localhost", after.Host);
        Assert.Matches("^(127\\.0\\.0\\.1|::1) is denied by policy rule 'loopback-lab'; nothing was sent$", after.Message);
        Assert.Equal(UdpState.Error, sent.State);
        Assert.Empty(peer.Received);
        Assert.Equal(1, info.Connections);
    }

    [Fact]
    public async Task Rules_AreOrdered_TheFirstMatchDecides_AndTheTestEndpointNamesIt()
    {
        await using var host = new DashboardHost();
        using var target = new LoopbackListener(IPAddress.Loopback);
        await using var hub = await host.ConnectHubAsync(Token);
        using var http = host.Http();

        await host.PutRulesAsync(Token, PolicyHosts.Allow("one-host", "127.0.0.1"), PolicyHosts.Deny("loop", "127.0.0.0/8"));
        var allowed = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", target.Port), Token);
        var denied = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.2", target.Port), Token);
        var tested = await http.GetFromJsonAsync<PolicyTestResult>(new Uri("api/policy/test?address=127.0.0.1&port=22&role=Operator", UriKind.Relative), Token);
        await host.PutRulesAsync(Token, PolicyHosts.Deny("loop", "127.0.0.0/8"), PolicyHosts.Allow("one-host", "127.0.0.1"));
        var reordered = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", target.Port), Token);
        var retested = await http.GetFromJsonAsync<PolicyTestResult>(new Uri("api/policy/test?address=::ffff:127.0.0.1&port=22&role=Admin", UriKind.Relative), Token);

        Assert.Equal(ProbeState.Open, allowed.State);
        Assert.Equal("127.0.0.2 is denied by policy rule 'loop'; nothing was sent", denied.Message);
        Assert.Equal((true, "one-host"), (tested!.Allowed, tested.Rule));
        Assert.Equal("127.0.0.1 is denied by policy rule 'loop'; nothing was sent", reordered.Message);
        Assert.Equal((false, "loop", "Admin"), (retested!.Allowed, retested.Rule, retested.Role));
    }

    [Fact]
    public async Task Scan_OverTargetsWithDeniedAddresses_SkipsThemAndCountsThem()
    {
        await using var host = new DashboardHost();
        using var closed = new ClosedPorts(IPAddress.Loopback, 2);
        using var http = host.Http();
        await host.PutRulesAsync(Token, PolicyHosts.Deny("pair", "127.0.0.2/31"));

        using var started = await http.PostAsync("api/scans", new ScanRequest("127.0.0.1,127.0.0.2,127.0.0.3", closed.Spec, Discovery: HostDiscovery.Off), Token);
        var id = (await started.Content.ReadFromJsonAsync<ScanStatus>(Token))!.ScanId;
        var status = await WaitForScanAsync(http, id);
        var gnmap = await http.GetStringAsync(new Uri($"api/scans/{id}/results.gnmap", UriKind.Relative), Token);
        using var allDenied = await http.PostAsync("api/scans", new ScanRequest("127.0.0.2,127.0.0.3", closed.Spec), Token);

        Assert.Equal(ScanState.Completed, status.State);
        Assert.Equal((1, 2L, 2L, 2, 0), (status.Addresses, status.Total, status.Completed, status.DeniedAddresses, status.DeniedPorts));
        Assert.Equal("127.0.0.2 is denied by policy rule 'pair'", status.PolicyNote);
        Assert.Contains("# Skipped by policy: 2 addresses, 0 ports; nothing was sent there (127.0.0.2 is denied by policy rule 'pair')", gnmap, StringComparison.Ordinal);
        var (code, detail, _) = await allDenied.ProblemAsync(Token);
        Assert.Equal((403, "targets: nothing is left to scan: 127.0.0.2 is denied by policy rule 'pair'"), (code, detail));
        var start = Assert.Single(await host.AuditRowsAsync(AuditActions.ScanStart, id, Token));
        Assert.Contains("policy skipped 2 addresses and 0 ports", start.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StrictPreset_DeniesLoopbackAndPrivateRanges_ForAdminsToo()
    {
        await using var host = DashboardHost.With(new() { ["Policy:Preset"] = "strict" });
        using var target = new LoopbackListener(IPAddress.Loopback);
        await using var hub = await host.ConnectHubAsync(Token);
        using var http = host.Http();

        var probe = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", target.Port), Token);
        var document = await http.GetFromJsonAsync<PolicyDocument>(new Uri("api/policy", UriKind.Relative), Token);

        Assert.Equal("127.0.0.1 is denied by policy rule 'loopback'; nothing was sent", probe.Message);
        Assert.Equal("strict", document!.Preset);
        Assert.Equal(["link-local", "metadata", "unspecified", "multicast", "broadcast", "loopback", "private", "shared", "this-host"], document.Rules.Select(r => r.Name));
        Assert.All(document.Rules, r => Assert.True(r.BuiltIn));
    }

    [Fact]
    public async Task PolicyChanges_AreForAdminsOnly_CheckedField_AndAuditedWithBeforeAndAfter()
    {
        await using var host = new DashboardHost();
        var (_, operatorToken) = await host.AddUserAsync("pol-olga", Role.Operator, Token);
        using var asOperator = host.Http(operatorToken);
        using var http = host.Http();

        using var forbidden = await asOperator.PutAsJsonAsync(new Uri("api/policy", UriKind.Relative), new PolicyUpdate([PolicyHosts.Allow("x", "10.0.0.0/8")]), Token);
        using var bad = await http.PutAsJsonAsync(new Uri("api/policy", UriKind.Relative), new PolicyUpdate([PolicyHosts.Deny("lab", "10.0.0.1/8")]), Token);
        var builtInsKept = await host.PutRulesAsync(Token, new PolicyRuleModel("link-local", "allow", ["169.254.0.0/16"], BuiltIn: true), PolicyHosts.Deny("lab", "10.0.0.0/8"));

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var (status, detail, _) = await bad.ProblemAsync(Token);
        Assert.Equal((400, "rules[0].networks: '10.0.0.1/8' has bits set past its /8 prefix; did you mean 10.0.0.0/8?"), (status, detail));
        Assert.Equal(["link-local", "metadata", "unspecified", "multicast", "broadcast", "lab"], builtInsKept.Rules.Select(r => r.Name));
        Assert.Equal("deny", builtInsKept.Rules[0].Action);
        var rows = await host.AuditRowsAsync(AuditActions.PolicyChange, "target policy", Token);
        Assert.Equal(["ok", "refused", "refused"], rows.Select(r => r.Outcome));
        Assert.Equal("before: no rules; after: 1. deny 'lab': 10.0.0.0/8 ports all roles all", rows[0].Detail);
    }

    private static async Task WaitForConnectionsAsync(HttpClient http, string listenerId, long connections)
    {
        for (var i = 0; i < 200; i++)
        {
            var info = await http.GetFromJsonAsync<ListenerInfo>(new Uri($"api/listeners/{listenerId}", UriKind.Relative), Token);
            if (info!.Connections >= connections)
            {
                return;
            }

            await Task.Delay(50, Token);
        }

        Assert.Fail($"listener {listenerId} never counted {connections} connections");
    }

    private static async Task<ScanStatus> WaitForScanAsync(HttpClient http, string id)
    {
        while (true)
        {
            var status = (await http.GetFromJsonAsync<ScanStatus>(new Uri($"api/scans/{id}", UriKind.Relative), Token))!;
            if (status.State != ScanState.Running)
            {
                return status;
            }

            await Task.Delay(50, Token);
        }
    }
}
