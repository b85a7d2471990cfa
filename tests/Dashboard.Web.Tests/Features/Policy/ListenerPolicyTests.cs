using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Policy;

/// <summary>The listener policy: the port range even as root, the dashboard's own port on every address, the caps.</summary>
public sealed class ListenerPolicyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Port81_IsRefused_EvenThoughThisProcessRunsAsRoot_AndAuditedOnce()
    {
        await using var host = new DashboardHost();
        using var http = host.Http();

        using var response = await http.PostAsync("api/listeners", new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 81), Token);

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal(403, status);
        Assert.Equal("port 81 is outside the listener ports this server allows: 1024-65535 (Policy:Listeners:MinPort and MaxPort), or 0 for any free one", detail);
        var row = Assert.Single(await host.AuditRowsAsync(AuditActions.ListenerOpen, "tcp 127.0.0.1:81", Token));
        Assert.Equal(("refused", "forbidden", "api"), (row.Outcome, row.RefusalKind, row.Door));
    }

    [Theory]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("0.0.0.0")]
    public async Task TheDashboardsOwnPort_IsRefusedOnEveryAddress(string bindAddress)
    {
        await using var host = new DashboardHost();
        await using var hub = await host.ConnectHubAsync(Token);

        var e = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, new ListenerRequest(ListenerProtocol.Tcp, bindAddress, host.BaseAddress.Port), Token));
        var udp = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, new ListenerRequest(ListenerProtocol.Udp, bindAddress, host.BaseAddress.Port), Token));

        Assert.EndsWith($"HubException: port {host.BaseAddress.Port} is the dashboard's own port: listeners may not bind it on any address", e.Message, StringComparison.Ordinal);
        Assert.Equal(e.Message, udp.Message);
    }

    [Fact]
    public async Task ListenersPerUserAndInTotal_AreCapped()
    {
        await using var host = DashboardHost.With(new() { ["Sockets:Listeners:MaxPerOwner"] = "1", ["Sockets:Listeners:MaxListeners"] = "2" });
        var (_, olga) = await host.AddUserAsync("pol-lisa", Role.Operator, Token);
        using var asOlga = host.Http(olga);
        using var asAdmin = host.Http();
        var request = new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0);

        using var first = await asOlga.PostAsync("api/listeners", request, Token);
        using var second = await asOlga.PostAsync("api/listeners", request, Token);
        using var admins = await asAdmin.PostAsync("api/listeners", request, Token);
        using var overTotal = await asAdmin.PostAsync("api/listeners", request, Token);
        var policy = await asAdmin.GetFromJsonAsync<Web.Features.Policy.PolicyDocument>(new Uri("api/policy", UriKind.Relative), Token);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, admins.StatusCode));
        var (status, detail, _) = await second.ProblemAsync(Token);
        Assert.Equal((429, "you have 1 listeners open, the most one owner may (Sockets:Listeners:MaxPerOwner); close one first"), (status, detail));
        Assert.NotNull(second.Headers.RetryAfter);
        var (totalStatus, totalDetail, _) = await overTotal.ProblemAsync(Token);
        Assert.Equal((429, "2 listeners are open, the most this server keeps (Sockets:Listeners:MaxListeners); close one first"), (totalStatus, totalDetail));
        Assert.Equal((1, 2, 1024, 65535), (policy!.Listeners.MaxPerUser, policy.Listeners.MaxTotal, policy.Listeners.MinPort, policy.Listeners.MaxPort));
        Assert.Contains(host.BaseAddress.Port, policy.Listeners.DashboardPorts);
    }

    [Fact]
    public async Task BindNetworks_LimitWhereListenersMayBind()
    {
        await using var host = DashboardHost.With(new() { ["Policy:Listeners:BindNetworks"] = "127.0.0.0/8" });
        using var http = host.Http();

        using var inside = await http.PostAsync("api/listeners", new ListenerRequest(ListenerProtocol.Udp, "127.0.0.3", 0), Token);
        using var outside = await http.PostAsync("api/listeners", new ListenerRequest(ListenerProtocol.Udp, "::1", 0), Token);

        Assert.Equal(HttpStatusCode.Created, inside.StatusCode);
        var (status, detail, _) = await outside.ProblemAsync(Token);
        Assert.Equal((403, "bindAddress ::1 is outside the networks listeners may bind in: 127.0.0.0/8 (Policy:Listeners:BindNetworks)"), (status, detail));
    }
}
