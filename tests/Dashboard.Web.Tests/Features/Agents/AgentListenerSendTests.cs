using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Dashboard.Contracts.Listeners;

namespace Dashboard.Web.Tests.Features.Agents;

/// <summary>
/// Sending by hand through a listener at an agent: the agent's own listener code sends (into a TCP connection, or to a
/// UDP source it heard from, under the agent owner's policy: alpha allows 127.0.0.1 and not the rest of loopback).
/// </summary>
[Collection(AgentLabGroup.Name)]
public sealed class AgentListenerSendTests(AgentLab lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TcpListenerAtAnAgent_SendsTypedBytesIntoTheConnection_AndShowsTheSentEvent()
    {
        var info = await OpenAsync("{\"protocol\":\"tcp\",\"bindAddress\":\"127.0.0.1\",\"port\":0,\"from\":\"alpha\"}");
        using var client = NetworkNamespaces.Inside(lab.Network.A, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        await client.ConnectAsync(IPEndPoint.Parse(info.LocalEndPoint), Token);
        var accepted = await EventAsync(info.Id, e => e.Kind == ListenerEventKind.Accepted);

        using var sent = await lab.Http.PostAsJsonAsync(new Uri($"api/listeners/{info.Id}/send", UriKind.Relative),
            new ListenerSendRequest(accepted.ConnectionId, null, "hello from the dashboard\r\n"), Token);

        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync(Token) + lab.Output);
        var answer = (await sent.Content.ReadFromJsonAsync<ListenerEvent>(Token))!;
        Assert.Equal((info.Id, ListenerEventKind.Sent, accepted.ConnectionId, 26), (answer.ListenerId, answer.Kind, answer.ConnectionId, answer.Bytes));
        Assert.Equal("hello from the dashboard\r\n", await ReadAsync(client, 26));
        var logged = await EventAsync(info.Id, e => e.Kind == ListenerEventKind.Sent);
        Assert.Equal("hello from the dashboard\r\n", logged.PayloadText);
        await CloseAsync(info.Id);
    }

    [Fact]
    public async Task UdpListenerAtAnAgent_SendsToASourceItsOwnerAllows_AndRefusesOneItDoesNot()
    {
        var info = await OpenAsync("{\"protocol\":\"udp\",\"bindAddress\":\"127.0.0.1\",\"port\":0,\"from\":\"alpha\"}");
        using var denied = NetworkNamespaces.Inside(lab.Network.A, () => Bound("127.0.0.5"));
        using var allowed = NetworkNamespaces.Inside(lab.Network.A, () => Bound("127.0.0.1"));
        await denied.SendToAsync("one"u8.ToArray(), IPEndPoint.Parse(info.LocalEndPoint), Token);
        await allowed.SendToAsync("two"u8.ToArray(), IPEndPoint.Parse(info.LocalEndPoint), Token);
        await EventAsync(info.Id, e => e.Kind == ListenerEventKind.Datagram && e.Peer == allowed.LocalEndPoint!.ToString());

        using var toDenied = await lab.Http.PostAsJsonAsync(new Uri($"api/listeners/{info.Id}/send", UriKind.Relative),
            new ListenerSendRequest(null, denied.LocalEndPoint!.ToString(), "x"), Token);
        using var toAllowed = await lab.Http.PostAsJsonAsync(new Uri($"api/listeners/{info.Id}/send", UriKind.Relative),
            new ListenerSendRequest(null, allowed.LocalEndPoint!.ToString(), "pong"), Token);

        var (status, detail, _) = await toDenied.ProblemAsync(Token);
        Assert.Equal(403, status);
        Assert.StartsWith($"agent alpha: peer {denied.LocalEndPoint}", detail, StringComparison.Ordinal);
        Assert.True(toAllowed.IsSuccessStatusCode, await toAllowed.Content.ReadAsStringAsync(Token) + lab.Output);
        var buffer = new byte[64];
        var received = await allowed.ReceiveAsync(buffer, Token);
        Assert.Equal("pong", Encoding.ASCII.GetString(buffer, 0, received));
        await CloseAsync(info.Id);
    }

    private async Task<ListenerInfo> OpenAsync(string json)
    {
        using var created = await lab.Http.PostJsonAsync("api/listeners", json, Token);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Token) + lab.Output);
        return (await created.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;
    }

    private async Task<ListenerEvent> EventAsync(string listenerId, Func<ListenerEvent, bool> wanted)
    {
        List<ListenerEvent> events = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(50, Token))
        {
            events = (await lab.Http.GetFromJsonAsync<List<ListenerEvent>>(new Uri($"api/listeners/{listenerId}/events", UriKind.Relative), Token))!;
            if (events.FirstOrDefault(wanted) is { } found)
            {
                return found;
            }
        }

        Assert.Fail($"no such event within 30 s; seen: {string.Join(", ", events.Select(e => e.Kind))}");
        return null!;
    }

    private async Task CloseAsync(string listenerId)
    {
        using var closed = await lab.Http.DeleteAsync($"api/listeners/{listenerId}", Token);
        closed.EnsureSuccessStatusCode();
    }

    private static async Task<string> ReadAsync(Socket client, int count)
    {
        var buffer = new byte[count];
        var read = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (read < count && await client.ReceiveAsync(buffer.AsMemory(read), timeout.Token) is > 0 and var n)
        {
            read += n;
        }

        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    private static Socket Bound(string address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        return socket;
    }
}
