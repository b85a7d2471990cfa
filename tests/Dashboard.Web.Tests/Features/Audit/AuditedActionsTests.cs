using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Scan;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Audit;

/// <summary>Every audited action writes exactly one row, with the actor, the door and the outcome it had.</summary>
public sealed class AuditedActionsTests(AuditTeam team) : IClassFixture<AuditTeam>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Probe_ThroughTheHubTheApiAndTheUi_WritesOneRowPerDoor()
    {
        using var hubTarget = new LoopbackListener(IPAddress.Loopback);
        using var apiTarget = new LoopbackListener(IPAddress.Loopback);
        using var uiTarget = new LoopbackListener(IPAddress.Loopback);
        await using var hub = await team.Host.ConnectHubAsync(Token, team.OperatorToken);
        using var http = team.Host.Http(team.OperatorToken);

        await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", hubTarget.Port), Token);
        using var rest = await http.PostAsJsonAsync(new Uri("api/probe", UriKind.Relative), new ProbeRequest("127.0.0.1", apiTarget.Port), Token);
        await team.Service<ProbeService>().ProbeAsync(team.Operator, new ProbeRequest("127.0.0.1", uiTarget.Port), Token);

        foreach (var (port, door) in new[] { (hubTarget.Port, "hub"), (apiTarget.Port, "api"), (uiTarget.Port, "ui") })
        {
            var row = await team.SingleRowAsync(AuditActions.Probe, $"127.0.0.1:{Port(port)}", Token);
            Assert.Equal((door, "aud-otto", "Operator", "ok", "127.0.0.1"), (row.Door, row.ActorName, row.Role, row.Outcome, row.ClientAddress));
            Assert.StartsWith("open, code 0 OK", row.Detail, StringComparison.Ordinal);
            Assert.Equal(team.Operator.Id, row.ActorId);
        }
    }

    [Fact]
    public async Task Probe_RefusedForAViewer_AndInvalidInput_WriteOneRefusedRowEach()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var viewer = team.Host.Http(team.ViewerToken);
        await using var hub = await team.Host.ConnectHubAsync(Token, team.OperatorToken);

        using var forbidden = await viewer.PostAsJsonAsync(new Uri("api/probe", UriKind.Relative), new ProbeRequest("127.0.0.1", listener.Port), Token);
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", 70_000), Token));

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var refused = await team.SingleRowAsync(AuditActions.Probe, $"127.0.0.1:{Port(listener.Port)}", Token);
        Assert.Equal(("aud-vera", "Viewer", "api", "refused", "forbidden"), (refused.ActorName, refused.Role, refused.Door, refused.Outcome, refused.RefusalKind));
        Assert.Equal("probing needs the Operator role; aud-vera is a Viewer", refused.Detail);
        var invalid = await team.SingleRowAsync(AuditActions.Probe, "127.0.0.1:70000", Token);
        Assert.Equal(("aud-otto", "hub", "refused", "invalid"), (invalid.ActorName, invalid.Door, invalid.Outcome, invalid.RefusalKind));
        Assert.StartsWith("port must be 1-65535", invalid.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_StartCancelAndFinish_WriteOneRowEach()
    {
        using var saturated = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        using var closed = new ClosedPorts(IPAddress.Loopback, 2);
        using var http = team.Host.Http(team.OperatorToken);

        using var slow = await http.PostAsJsonAsync(new Uri("api/scans", UriKind.Relative),
            new ScanRequest("127.0.0.1", Port(saturated.EndPoint.Port), TimeoutMs: 10_000), Token);
        var cancelled = (await slow.Content.ReadFromJsonAsync<ScanStatus>(Token))!.ScanId;
        using var deleted = await http.DeleteAsync(new Uri($"api/scans/{cancelled}", UriKind.Relative), Token);
        var completed = (await team.Service<ScanService>().StartAsync(team.Operator, new ScanRequest("127.0.0.1", closed.Spec), Token)).Id;

        var start = await team.SingleRowAsync(AuditActions.ScanStart, cancelled, Token);
        Assert.Equal(("aud-otto", "api", "ok"), (start.ActorName, start.Door, start.Outcome));
        Assert.StartsWith($"targets 127.0.0.1 ports {Port(saturated.EndPoint.Port)}: 1 addresses × 1 ports", start.Detail, StringComparison.Ordinal);
        var cancel = await team.SingleRowAsync(AuditActions.ScanCancel, cancelled, Token);
        Assert.Equal(("aud-otto", "api", "ok"), (cancel.ActorName, cancel.Door, cancel.Outcome));
        Assert.StartsWith("cancelled", (await team.SingleRowAsync(AuditActions.ScanFinish, cancelled, Token)).Detail, StringComparison.Ordinal);
        Assert.Equal("ui", (await team.SingleRowAsync(AuditActions.ScanStart, completed, Token)).Door);
        var finish = await team.SingleRowAsync(AuditActions.ScanFinish, completed, Token);
        Assert.Equal(("aud-otto", "ui", "ok"), (finish.ActorName, finish.Door, finish.Outcome));
        Assert.Contains("2 of 2 probed; open 0, closed 2", finish.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_CancelByAnotherOperator_IsOneRefusedRow()
    {
        using var saturated = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        var scans = team.Service<ScanService>();
        var job = await scans.StartAsync(team.Operator, new ScanRequest("127.0.0.1", Port(saturated.EndPoint.Port), TimeoutMs: 10_000), Token);
        var stranger = team.Operator with { Id = "someone", Name = "aud-stranger", Door = Door.Hub };

        Assert.Throws<RequestRefusedException>(() => scans.Cancel(stranger, job.Id));
        scans.Cancel(team.Operator, job.Id);

        var rows = await team.RowsAsync(AuditActions.ScanCancel, job.Id, Token);
        Assert.Equal(2, rows.Count);
        Assert.Single(rows, r => (r.ActorName, r.Outcome, r.RefusalKind) == ("aud-stranger", "refused", "forbidden"));
        Assert.Single(rows, r => (r.ActorName, r.Outcome) == ("aud-otto", "ok"));
    }

    [Fact]
    public async Task UdpSend_ThroughTheHub_WritesOneRow()
    {
        using var peer = new UdpPeer(IPAddress.Loopback, echo: true);
        await using var hub = await team.Host.ConnectHubAsync(Token, team.OperatorToken);

        await hub.InvokeAsync<UdpSendResult>(ProbeHubRoutes.SendUdp, new UdpSendRequest("127.0.0.1", peer.Port, "ping", WaitReplyMs: 3000), Token);

        var row = await team.SingleRowAsync(AuditActions.UdpSend, $"127.0.0.1:{Port(peer.Port)}", Token);
        Assert.Equal(("aud-otto", "hub", "ok"), (row.ActorName, row.Door, row.Outcome));
        Assert.StartsWith("replied, code 0 OK, 1 sent (4 bytes), 1 replies", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listener_OpenAndClose_ThroughTheApi_WriteOneRowEach()
    {
        using var http = team.Host.Http(team.OperatorToken);

        using var created = await http.PostAsJsonAsync(new Uri("api/listeners", UriKind.Relative),
            new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0), Token);
        var info = (await created.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;
        using var closed = await http.DeleteAsync(new Uri($"api/listeners/{info.Id}", UriKind.Relative), Token);

        var open = await team.SingleRowAsync(AuditActions.ListenerOpen, info.Id, Token);
        Assert.Equal(("aud-otto", "api", "ok"), (open.ActorName, open.Door, open.Outcome));
        Assert.StartsWith($"tcp {info.LocalEndPoint}, until", open.Detail, StringComparison.Ordinal);
        var close = await team.SingleRowAsync(AuditActions.ListenerClose, info.Id, Token);
        Assert.Equal(("aud-otto", "api", "ok"), (close.ActorName, close.Door, close.Outcome));
        Assert.Contains("closed by aud-otto through the api", close.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listener_Expiry_IsOneRowOfTheServer_UnderTheOwnersName()
    {
        await using var hub = await team.Host.ConnectHubAsync(Token, team.OperatorToken);

        var info = await hub.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", 0, TtlSeconds: 1), Token);

        var row = await team.SingleRowAsync(AuditActions.ListenerExpire, info.Id, Token);
        Assert.Equal(("aud-otto", "", null, null, "ok"), (row.ActorName, row.ActorId, row.Door, row.Role, row.Outcome));
        Assert.Contains("its TTL of 1 s ran out", row.Detail, StringComparison.Ordinal);
        Assert.Equal("hub", (await team.SingleRowAsync(AuditActions.ListenerOpen, info.Id, Token)).Door);
    }

    [Fact]
    public async Task SignIn_OkAndFailed_WriteOneRowEach_WithTheClientAddress()
    {
        await team.Accounts.AddUserAsync(team.Admin, "aud-sam", "sam-password-123", Role.Viewer, Token);
        await team.Accounts.AddUserAsync(team.Admin, "aud-fay", "fay-password-123", Role.Viewer, Token);

        var (ok, _, _) = await SignIn.AsAsync(team.Host.BaseAddress, "aud-sam", "sam-password-123", Token);
        var (failed, _, _) = await SignIn.AsAsync(team.Host.BaseAddress, "aud-fay", "not-her-password", Token);
        ok.Dispose();
        failed.Dispose();

        var signedIn = await team.SingleRowAsync(AuditActions.SignIn, "aud-sam", Token);
        Assert.Equal(("aud-sam", "Viewer", "ui", "ok", "127.0.0.1"), (signedIn.ActorName, signedIn.Role, signedIn.Door, signedIn.Outcome, signedIn.ClientAddress));
        var refused = await team.SingleRowAsync(AuditActions.SignInFailed, "aud-fay", Token);
        Assert.Equal(("aud-fay", "ui", "refused", "wrong password"), (refused.ActorName, refused.Door, refused.Outcome, refused.Detail));
        Assert.DoesNotContain("not-her-password", refused.Detail + refused.Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersAndTokens_AddRoleDisableCreateRevoke_WriteOneRowEach_WithoutSecrets()
    {
        var admin = team.Admin;

        var user = await team.Accounts.AddUserAsync(admin, "aud-una", "una-password-123", Role.Viewer, Token);
        await team.Accounts.SetRoleAsync(admin, user.Id, Role.Operator, Token);
        await team.Accounts.SetDisabledAsync(admin, user.Id, true, Token);
        var (token, secret) = await team.Accounts.CreateTokenAsync(team.Operator, "aud-pipeline", Role.Viewer, 30, Token);
        await team.Accounts.RevokeTokenAsync(admin, token.Id, Token);

        Assert.Equal("as Viewer", (await team.SingleRowAsync(AuditActions.UserAdd, "aud-una", Token)).Detail);
        Assert.Equal("Viewer → Operator", (await team.SingleRowAsync(AuditActions.UserRole, "aud-una", Token)).Detail);
        Assert.Equal("admin", (await team.SingleRowAsync(AuditActions.UserDisable, "aud-una", Token)).ActorName);
        var created = await team.SingleRowAsync(AuditActions.TokenCreate, "aud-pipeline", Token);
        Assert.Equal(("aud-otto", "ok"), (created.ActorName, created.Outcome));
        Assert.DoesNotContain(secret, created.Detail, StringComparison.Ordinal);
        var revoked = await team.SingleRowAsync(AuditActions.TokenRevoke, "aud-pipeline", Token);
        Assert.Equal(("admin", "ui", "ok", $"{token.Id} of aud-otto"), (revoked.ActorName, revoked.Door, revoked.Outcome, revoked.Detail));
    }
}
