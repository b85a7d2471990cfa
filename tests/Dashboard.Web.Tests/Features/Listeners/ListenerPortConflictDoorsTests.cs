using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Listeners;

/// <summary>A second listener on a port another holds is a conflict through every door: 409 problem details over REST, a HubException through the hub.</summary>
public sealed class ListenerPortConflictDoorsTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SecondTcpListener_OnTheSamePort_Is409OverRest_AndAHubException()
    {
        using var http = host.Http();
        await using var hub = await host.ConnectHubAsync(Token);
        using var first = await http.PostJsonAsync("api/listeners", "{\"protocol\":\"tcp\",\"bindAddress\":\"0.0.0.0\",\"port\":0}", Token);
        var holder = await first.Content.ReadFromJsonAsync<ListenerInfo>(Token);
        var port = IPEndPoint.Parse(holder!.LocalEndPoint).Port;

        using var second = await http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"tcp\",\"bindAddress\":\"127.0.0.1\",\"port\":{port}}}", Token);
        var third = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, new ListenerRequest(ListenerProtocol.Tcp, "0.0.0.0", port), Token));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var (status, detail, _) = await second.ProblemAsync(Token);
        Assert.Equal(409, status);
        Assert.StartsWith($"port {port} is already in use on 127.0.0.1 by listener {holder.Id} (admin's tcp://0.0.0.0:{port})", detail, StringComparison.Ordinal);
        Assert.Contains($"port {port} is already in use on 0.0.0.0 by listener {holder.Id}", third.Message, StringComparison.Ordinal);
        var open = await http.GetFromJsonAsync<List<ListenerInfo>>(new Uri("api/listeners", UriKind.Relative), Token);
        Assert.Single(open!, l => l.State == ListenerState.Listening && IPEndPoint.Parse(l.LocalEndPoint).Port == port);
    }
}
