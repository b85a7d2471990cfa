using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Dashboard.Contracts.Listeners;

namespace Dashboard.Web.Tests.Features.Agents;

/// <summary>
/// An agent runs listeners with the engine's own code, so its UDP replies are bounded the same way; the policy they are
/// checked against is the agent owner's (<c>--allow-targets</c>): alpha allows 127.0.0.1 and not the rest of loopback.
/// </summary>
[Collection(AgentLabGroup.Name)]
public sealed class AgentListenerReplyTests(AgentLab lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UdpListenerAtAnAgent_AnswersOnlySourcesItsOwnerAllows_AndTheDashboardShowsTheCount()
    {
        using var created = await lab.Http.PostJsonAsync("api/listeners",
            "{\"protocol\":\"udp\",\"bindAddress\":\"127.0.0.1\",\"port\":0,\"from\":\"alpha\",\"reply\":{\"mode\":\"fixed\",\"payload\":\"" + new string('x', 1_000) + "\"}}", Token);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Token));
        var info = (await created.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;
        using var denied = NetworkNamespaces.Inside(lab.Network.A, () => Bound("127.0.0.5"));
        using var allowed = NetworkNamespaces.Inside(lab.Network.A, () => Bound("127.0.0.1"));
        var buffer = new byte[2_000];

        await denied.SendToAsync("one"u8.ToArray(), IPEndPoint.Parse(info.LocalEndPoint), Token);
        await allowed.SendToAsync("two"u8.ToArray(), IPEndPoint.Parse(info.LocalEndPoint), Token);
        var answer = await allowed.ReceiveAsync(buffer, Token);

        // The agent answers in order: had the first datagram been answered, its reply would be there by now.
        Assert.Equal(new string('x', 64), Encoding.ASCII.GetString(buffer, 0, answer));
        Assert.Equal(0, denied.Available);
        var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        ListenerInfo seen;
        while ((seen = (await lab.Http.GetFromJsonAsync<ListenerInfo>(new Uri($"api/listeners/{info.Id}", UriKind.Relative), Token))!).RepliesDenied != 1)
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, $"as last seen: {seen}");
            await Task.Delay(50, Token);
        }

        Assert.Equal(1L, seen.RepliesTrimmed);
        using var closed = await lab.Http.DeleteAsync($"api/listeners/{info.Id}", Token);
        closed.EnsureSuccessStatusCode();
    }

    private static Socket Bound(string address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        return socket;
    }
}
