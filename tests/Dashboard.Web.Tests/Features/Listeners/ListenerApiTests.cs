using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dashboard.Contracts.Listeners;

namespace Dashboard.Web.Tests.Features.Listeners;

public sealed class ListenerApiTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Listener_CreateConnectReadEventsClose()
    {
        using var http = ApiClient.For(host);

        using var created = await http.PostJsonAsync("api/listeners", "{\"protocol\":\"tcp\",\"bindAddress\":\"127.0.0.1\",\"port\":0,\"ttlSeconds\":60}", Token);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var info = await created.Content.ReadFromJsonAsync<ListenerInfo>(Token);
        Assert.Equal($"/api/listeners/{info!.Id}", created.Headers.Location!.OriginalString);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPEndPoint.Parse(info.LocalEndPoint), Token);
            await client.GetStream().WriteAsync("hello"u8.ToArray(), Token);
        }

        List<ListenerEvent> events;
        do
        {
            events = (await http.GetFromJsonAsync<List<ListenerEvent>>(new Uri($"api/listeners/{info.Id}/events?after=0", UriKind.Relative), Token))!;
        }
        while (!events.Any(e => e.Kind == ListenerEventKind.Closed) && await Delay());

        Assert.Equal([ListenerEventKind.Accepted, ListenerEventKind.Data, ListenerEventKind.Closed], events.Select(e => e.Kind));
        Assert.Equal("hello", events[1].PayloadText);
        var after = await http.GetFromJsonAsync<List<ListenerEvent>>(new Uri($"api/listeners/{info.Id}/events?after=2", UriKind.Relative), Token);
        Assert.Equal(ListenerEventKind.Closed, Assert.Single(after!).Kind);
        var one = await http.GetFromJsonAsync<ListenerInfo>(new Uri($"api/listeners/{info.Id}", UriKind.Relative), Token);
        Assert.Equal((1L, 5L), (one!.Connections, one.BytesReceived));
        Assert.Contains(await http.GetFromJsonAsync<List<ListenerInfo>>(new Uri("api/listeners", UriKind.Relative), Token) ?? [], l => l.Id == info.Id);

        using var closed = await http.DeleteAsync($"api/listeners/{info.Id}", Token);
        var stopped = await closed.Content.ReadFromJsonAsync<ListenerInfo>(Token);
        Assert.Equal(ListenerState.Stopped, stopped!.State);
        Assert.Equal("closed by admin through the api", stopped.StoppedReason);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(20, Token);
        return true;
    }

    [Fact]
    public async Task CreateListener_PortInUse_Is409()
    {
        using var busy = new LoopbackListener(IPAddress.Loopback);
        using var http = ApiClient.For(host);

        using var response = await http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"tcp\",\"bindAddress\":\"127.0.0.1\",\"port\":{busy.Port}}}", Token);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal($"port {busy.Port} is already in use on 127.0.0.1 by a socket that is not one of these listeners (98 EADDRINUSE)", (await response.ProblemAsync(Token)).Detail);
    }

    [Theory]
    [InlineData("{\"protocol\":\"icmp\",\"port\":0}", "protocol", "protocol must be one of tcp, udp, unix, unixgram, got \"icmp\"")]
    [InlineData("{\"protocol\":\"tcp\",\"port\":0,\"reply\":{\"mode\":\"loud\"}}", "reply.mode", "reply.mode must be one of none, echo, fixed, got \"loud\"")]
    [InlineData("{\"protocol\":\"tcp\",\"port\":0,\"ttlSeconds\":99999}", "ttlSeconds", "ttlSeconds must be 1-3600, got 99999")]
    public async Task CreateListener_BadInput_Is400WithTheField(string json, string field, string expected)
    {
        using var http = ApiClient.For(host);

        using var response = await http.PostJsonAsync("api/listeners", json, Token);

        var (status, detail, errorField) = await response.ProblemAsync(Token);
        Assert.Equal((400, field, expected), (status, errorField, detail));
    }

    [Theory]
    [InlineData("GET", "api/listeners/nope")]
    [InlineData("GET", "api/listeners/nope/events")]
    [InlineData("DELETE", "api/listeners/nope")]
    public async Task UnknownListener_Is404(string method, string path)
    {
        using var http = ApiClient.For(host);

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)), Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("listenerId 'nope' is not an open or recently stopped listener", (await response.ProblemAsync(Token)).Detail);
    }
}
