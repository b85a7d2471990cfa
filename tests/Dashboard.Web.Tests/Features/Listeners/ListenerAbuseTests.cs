using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Budget;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Listeners;

/// <summary>
/// What the red team did to listeners through the dashboard, now refused: a UDP listener answering a forged source the
/// strict policy denies, and a flood of idle connections to one TCP listener taking every socket of the budget.
/// </summary>
public sealed class ListenerAbuseTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UdpListener_UnderStrictPolicy_DoesNotAnswerAForgedLoopbackSource_AndShowsItCounted()
    {
        using var host = DashboardHost.With(new() { ["Policy:Preset"] = "strict" });
        using var http = host.Http();
        using var created = await http.PostAsync("api/listeners",
            new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", 0, Reply: new ListenerReply(ReplyMode.Fixed, new string('x', 65_000))), Token);
        var info = (await created.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;
        using var forged = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        forged.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.5"), 0));

        await forged.SendToAsync(new byte[] { 1 }, IPEndPoint.Parse(info.LocalEndPoint), Token);
        var seen = await UntilAsync(http, info.Id, i => i.Datagrams == 1 && i.RepliesDenied == 1);

        // Counted before a reply would have been sent: none is on its way.
        Assert.Equal(0, forged.Available);
        Assert.Equal((0L, 0L), (seen.RepliesThrottled, seen.RepliesTrimmed));
        // The counters and the event are published one after the other: wait for the event too, do not assume it is there.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<ListenerEvent> events;
        do
        {
            events = (await http.GetFromJsonAsync<List<ListenerEvent>>(new Uri($"api/listeners/{info.Id}/events", UriKind.Relative), Token))!;
            if (events.Any(e => e.Message?.Contains("127.0.0.5 is denied by policy rule 'loopback'", StringComparison.Ordinal) == true) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(50, Token);
        }
        while (true);

        Assert.Contains(events, e => e.Message?.Contains("127.0.0.5 is denied by policy rule 'loopback'", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task IdleConnectionsToOneListener_PastItsShare_AreRefusedAndCounted_AndAnotherUsersProbeAndUdpSendStillWork()
    {
        using var host = DashboardHost.With(new(), web => web.ConfigureTestServices(s => s.AddSingleton(new SocketBudget(64))));
        var otto = await TokenForAsync(host, "otto");
        var olga = await TokenForAsync(host, "olga");
        using var ottoHttp = host.Http(otto);
        using var olgaHttp = host.Http(olga);
        using var created = await ottoHttp.PostAsync("api/listeners", new ListenerRequest(ListenerProtocol.Tcp, "0.0.0.0", 0), Token);
        var info = (await created.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;
        var clients = new List<TcpClient>();
        try
        {
            // More idle connections than the whole budget of 64: before shares, every socket of it was the listener's.
            for (var i = 0; i < 80; i++)
            {
                var client = new TcpClient();
                clients.Add(client);
                await ConnectAsync(client, IPEndPoint.Parse(info.LocalEndPoint).Port);
            }

            var seen = await UntilAsync(ottoHttp, info.Id, i => i.Connections >= 80 && i.ActiveConnections + i.ConnectionsRefused == i.Connections);

            using var closed = new ClosedPorts(IPAddress.Loopback, 1);
            using var probe = await olgaHttp.PostAsync("api/probe", new ProbeRequest("127.0.0.1", closed.Ports[0]), Token);
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
            Assert.Equal(ProbeState.Closed, (await probe.Content.ReadFromJsonAsync<ProbeResult>(Token))!.State);
            using var peer = new UdpPeer(IPAddress.Loopback, echo: true);
            using var udp = await olgaHttp.PostAsync("api/udp", new UdpSendRequest("127.0.0.1", peer.Port, "hello"), Token);
            Assert.Equal(HttpStatusCode.OK, udp.StatusCode);
            Assert.Equal(UdpState.Replied, (await udp.Content.ReadFromJsonAsync<UdpSendResult>(Token))!.State);
            // 25% of 64 (Sockets:Listeners:ConnectionBudgetPercent).
            Assert.Equal((16, 64L), (seen.ActiveConnections, seen.ConnectionsRefused));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private static async Task ConnectAsync(TcpClient client, int port)
    {
        try
        {
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), Token);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Refused so fast that the reset came before the connect returned.
        }
    }

    private static async Task<string> TokenForAsync(DashboardHost host, string name)
    {
        var accounts = host.Services.GetRequiredService<AccountService>();
        var user = await accounts.AddUserAsync(host.Admin, name, $"{name}-password-123", Role.Operator, CancellationToken.None);
        return (await accounts.CreateTokenAsync(host.Admin with { Id = user.Id, Name = name, Role = Role.Operator }, "test", Role.Operator, null, CancellationToken.None)).Secret;
    }

    /// <summary>The listener as REST shows it once <paramref name="done"/> holds (10 s at most).</summary>
    private static async Task<ListenerInfo> UntilAsync(HttpClient http, string id, Func<ListenerInfo, bool> done)
    {
        var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (true)
        {
            var info = (await http.GetFromJsonAsync<ListenerInfo>(new Uri($"api/listeners/{id}", UriKind.Relative), Token))!;
            if (done(info))
            {
                return info;
            }

            Assert.True(Stopwatch.GetTimestamp() < deadline, $"listener {id} as last seen: {info}");
            await Task.Delay(20, Token);
        }
    }
}
