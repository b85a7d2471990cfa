using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Limits;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Limits;

/// <summary>
/// <c>Limits:MaxUpgradedConnections</c> (3 here) is the server's: the next WebSocket, whoever asks, is refused
/// 503 with <c>Retry-After</c> before the upgrade, while pages and the REST API, which are not upgraded, still answer.
/// </summary>
public sealed class UpgradedConnectionCapTests : IDisposable
{
    private readonly DashboardHost _dashboard = DashboardHost.With(new() { ["Limits:MaxUpgradedConnections"] = "3", ["Limits:HubConnectionsPerUser"] = "100" });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WebSocket_PastTheServersCap_IsRefused503WithRetryAfter_WhileHealthzAndTheApiStillAnswer()
    {
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        var limit = _dashboard.Services.GetRequiredService<DescriptorPlan>().OpenFileLimit;

        await using var flood = await IdleHubFlood.OpenAsync(_dashboard.BaseAddress, _dashboard.AdminToken, 5, 5, Token);
        var (status, retryAfter, body) = await RawUpgrade.SendAsync(_dashboard.BaseAddress, ProbeHubRoutes.Path, _dashboard.AdminToken, Token);

        Assert.Equal((3, 2), (flood.Count(IdleHubFlood.Connected), flood.Count("503")));
        Assert.Equal("5", flood.RetryAfter[503]);
        Assert.Equal((503, "5"), (status, retryAfter));
        Assert.Equal($"this server holds 3 WebSocket connections, the most it takes (Limits:MaxUpgradedConnections, from its open-file limit of {limit:N0}); try again later",
            JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        using var http = _dashboard.Http();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("healthz", UriKind.Relative), Token)).StatusCode);
        var probe = await http.PostAsJsonAsync(new Uri("api/probe", UriKind.Relative), new ProbeRequest("127.0.0.1", closed.Ports[0]), Token);
        Assert.Equal(ProbeState.Closed, (await probe.Content.ReadFromJsonAsync<ProbeResult>(Token))!.State);
    }

    [Fact]
    public async Task WebSocket_OnceAHeldOneCloses_GetsIn()
    {
        var flood = await IdleHubFlood.OpenAsync(_dashboard.BaseAddress, _dashboard.AdminToken, 3, 3, Token);
        Assert.Equal(3, flood.Count(IdleHubFlood.Connected));

        await flood.DisposeAsync();
        var counts = _dashboard.Services.GetRequiredService<ConnectionCounts>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (counts.Upgraded > 0)
        {
            await Task.Delay(10, deadline.Token);
        }

        await using var hub = await _dashboard.ConnectHubAsync(Token);
        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, hub.State);
    }

    public void Dispose() => _dashboard.Dispose();
}
