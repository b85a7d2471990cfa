using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Features.Audit;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Listeners;

/// <summary>
/// Sending by hand through a listener, at every door: its owner (or an Admin) may, another Operator or a Viewer may not;
/// every send is audited and is a <c>sent</c> event; bad input names its field.
/// </summary>
public sealed class ListenerSendDoorsTests(AuditTeam team) : IClassFixture<AuditTeam>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OwnerSendsOverRestAndTheHub_IntoAnOpenConnection_ThePeerGetsIt_AndItIsAuditedAndAnEvent()
    {
        using var otto = team.Host.Http(team.OperatorToken);
        await using var hub = await team.Host.ConnectHubAsync(Token, team.OperatorToken);
        var info = await OpenAsync(otto);
        using var client = new TcpClient();
        await client.ConnectAsync(IPEndPoint.Parse(info.LocalEndPoint), Token);
        var connectionId = (await EventsUntilAsync(otto, info.Id, ListenerEventKind.Accepted)).ConnectionId;

        using var rest = await otto.PostAsJsonAsync(new Uri($"api/listeners/{info.Id}/send", UriKind.Relative),
            new ListenerSendRequest(connectionId, null, "GET / HTTP/1.0\r\n"), Token);
        var viaHub = await hub.InvokeAsync<ListenerEvent>(ProbeHubRoutes.SendThroughListener, info.Id,
            new ListenerSendRequest(connectionId, null, "0d0a", PayloadEncoding.Hex), Token);
        var buffer = new byte[64];
        var read = await client.GetStream().ReadAtLeastAsync(buffer, 18, cancellationToken: Token);

        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.Equal("GET / HTTP/1.0\r\n\r\n", Encoding.ASCII.GetString(buffer, 0, read));
        var sent = (await rest.Content.ReadFromJsonAsync<ListenerEvent>(Token))!;
        Assert.Equal((ListenerEventKind.Sent, 16, "sent by aud-otto"), (sent.Kind, sent.Bytes, sent.Message));
        Assert.Equal((ListenerEventKind.Sent, 2), (viaHub.Kind, viaHub.Bytes));
        var rows = await team.RowsAsync(AuditActions.ListenerSend, info.Id, Token);
        Assert.Equal(["api", "hub"], rows.Select(r => r.Door).Order());
        Assert.All(rows, r => Assert.Equal(("aud-otto", "ok"), (r.ActorName, r.Outcome)));
        Assert.Contains(rows, r => r.Detail == $"16 bytes to {sent.Peer} on connection {connectionId}");
        var now = await otto.GetFromJsonAsync<ListenerInfo>(new Uri($"api/listeners/{info.Id}", UriKind.Relative), Token);
        Assert.Equal((2L, 18L), (now!.Sends, now.BytesSent));
    }

    [Fact]
    public async Task AViewer_Is403_AnAdminMay_AndABadPayloadNamesItsField()
    {
        using var otto = team.Host.Http(team.OperatorToken);
        using var viewer = team.Host.Http(team.ViewerToken);
        using var admin = team.Host.Http();
        var info = await OpenAsync(otto);
        using var client = new TcpClient();
        await client.ConnectAsync(IPEndPoint.Parse(info.LocalEndPoint), Token);
        var connectionId = (await EventsUntilAsync(otto, info.Id, ListenerEventKind.Accepted)).ConnectionId;
        var path = new Uri($"api/listeners/{info.Id}/send", UriKind.Relative);

        using var byViewer = await viewer.PostAsJsonAsync(path, new ListenerSendRequest(connectionId, null, "x"), Token);
        using var byAdmin = await admin.PostAsJsonAsync(path, new ListenerSendRequest(connectionId, null, "x"), Token);
        using var badHex = await otto.PostAsJsonAsync(path, new ListenerSendRequest(connectionId, null, "zz", PayloadEncoding.Hex), Token);
        using var noConnection = await otto.PostAsJsonAsync(path, new ListenerSendRequest(999, null, "x"), Token);

        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        var (status, detail, field) = await badHex.ProblemAsync(Token);
        Assert.Equal((400, "payload"), (status, field));
        Assert.StartsWith("payload", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noConnection.StatusCode);
    }

    private static async Task<ListenerInfo> OpenAsync(HttpClient http)
    {
        using var created = await http.PostAsJsonAsync(new Uri("api/listeners", UriKind.Relative),
            new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0, TtlSeconds: 60), Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;
    }

    private static async Task<ListenerEvent> EventsUntilAsync(HttpClient http, string id, ListenerEventKind kind)
    {
        for (var i = 0; i < 500; i++)
        {
            var events = await http.GetFromJsonAsync<List<ListenerEvent>>(new Uri($"api/listeners/{id}/events", UriKind.Relative), Token);
            if (events!.FirstOrDefault(e => e.Kind == kind) is { } found)
            {
                return found;
            }

            await Task.Delay(20, Token);
        }

        throw new TimeoutException($"no {kind} event on listener {id}");
    }
}
