using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Budget;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Limits;

/// <summary>
/// When the socket budget is spent, new work is refused through every door as a limit reached, with when to
/// retry: 429 and <c>Retry-After</c> over REST, one sentence in a <c>HubException</c> through the hub. A scan is
/// not refused: it runs with what is free. The test takes the budget's sockets itself, as running work would.
/// </summary>
public sealed class SocketBudgetRefusalTests : IDisposable
{
    private readonly DashboardHost _dashboard = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private SocketBudget Budget => _dashboard.Services.GetRequiredService<SocketBudget>();

    [Fact]
    public async Task Probe_WhenTheBudgetIsSpent_Is429WithRetryAfterOverRest_AndAHubExceptionThroughTheHub_ThenWorksOnceASocketIsBack()
    {
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        using var http = _dashboard.Http();
        await using var hub = await _dashboard.ConnectHubAsync(Token);
        var spent = $"a probe needs a socket, and all {Budget.Capacity:N0} sockets of this server's budget are in use";
        var taken = TakeAllBut(0);

        using var response = await http.PostAsync("api/probe", new ProbeRequest("127.0.0.1", closed.Ports[0]), Token);
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", closed.Ports[0]), Token));

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal(429, status);
        Assert.Equal("5", response.Headers.RetryAfter?.ToString());
        Assert.StartsWith(spent, detail, StringComparison.Ordinal);
        Assert.Contains(spent, refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("try again when a scan or a listener has finished (retry after 5 s)", refused.Message, StringComparison.Ordinal);
        Give(taken);
        var result = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", closed.Ports[0]), Token);
        Assert.Equal(ProbeState.Closed, result.State);
    }

    [Fact]
    public async Task UdpSendAndListener_WhenTheBudgetIsSpent_Are429WithRetryAfter()
    {
        using var peer = new UdpPeer(IPAddress.Loopback, echo: true);
        using var http = _dashboard.Http();
        var taken = TakeAllBut(0);

        using var udp = await http.PostAsync("api/udp", new UdpSendRequest("127.0.0.1", peer.Port, "hello"), Token);
        using var listener = await http.PostAsync("api/listeners", new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0), Token);

        Give(taken);
        foreach (var (response, work) in new[] { (udp, "a UDP send"), (listener, "a listener") })
        {
            var (status, detail, _) = await response.ProblemAsync(Token);
            Assert.Equal(429, status);
            Assert.Equal("5", response.Headers.RetryAfter?.ToString());
            Assert.StartsWith($"{work} needs a socket", detail, StringComparison.Ordinal);
        }

        Assert.Empty(peer.Received);
    }

    [Fact]
    public async Task Scan_AskingForMoreThanIsFree_RunsWithWhatIsFree()
    {
        using var closed = new ClosedPorts(IPAddress.Loopback, 40);
        using var http = _dashboard.Http();
        var taken = TakeAllBut(4);

        using var response = await http.PostAsync("api/scans", new ScanRequest("127.0.0.1", closed.Spec, Concurrency: 4_096), Token);
        var status = (await response.Content.ReadFromJsonAsync<ScanStatus>(Token))!;
        while (status.State == ScanState.Running)
        {
            await Task.Delay(20, Token);
            status = (await http.GetFromJsonAsync<ScanStatus>(new Uri($"api/scans/{status.ScanId}", UriKind.Relative), Token))!;
        }

        Give(taken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal((ScanState.Completed, 40L, 40L), (status.State, status.Completed, status.Counts.Closed));
    }

    public void Dispose() => _dashboard.Dispose();

    /// <summary>Takes every socket of the budget but <paramref name="left"/>; returns how many were taken.</summary>
    private int TakeAllBut(int left)
    {
        var taken = 0;
        while (Budget.Capacity - Budget.InUse > left && Budget.TryTake())
        {
            taken++;
        }

        return taken;
    }

    private void Give(int taken)
    {
        for (var i = 0; i < taken; i++)
        {
            Budget.Return();
        }
    }
}
