using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Unix;
using Dashboard.Web.Features.UnixSockets;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.UnixSockets;

public sealed class UnixSocketApiTests(UnixSocketHost fixture) : IClassFixture<UnixSocketHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostProbe_ALiveSocket_AnswersConnectedWithThePeer_AndStoresIt()
    {
        var path = Path.Combine(fixture.Lab.Allowed, "api-live.sock");
        using var live = fixture.Lab.Listen(path);
        using var http = ApiClient.For(fixture.Host);

        using var response = await http.PostJsonAsync("api/unix/probe", $"{{\"path\":\"{path}\"}}", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<UnixProbeResult>(Token))!;
        Assert.Equal((UnixSocketState.Connected, "OK", path, "this server"), (result.State, result.CodeName, result.PeerName, result.From));
        Assert.Equal(Environment.ProcessId, result.Peer!.Pid);
        Assert.Contains("\"state\":\"connected\"", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        using var stored = await http.GetAsync($"api/history/{result.Id}", Token);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Contains("\"kind\":\"unix\"", await stored.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHub_ProbesAndSends_AndSaysWhyItRefuses()
    {
        var path = Path.Combine(fixture.Lab.Allowed, "hub-live.sock");
        using var live = fixture.Lab.Listen(path);
        var echoPath = Path.Combine(fixture.Lab.Allowed, "hub-echo.sock");
        using var peer = UnixPythonPeer.DatagramEcho(echoPath);
        await using var hub = await fixture.Host.ConnectHubAsync(Token);

        var probed = await hub.InvokeAsync<UnixProbeResult>(Dashboard.Contracts.ProbeHubRoutes.ProbeUnix, new UnixProbeRequest(path), Token);
        var sent = await hub.InvokeAsync<UnixSendResult>(Dashboard.Contracts.ProbeHubRoutes.SendUnix, new UnixSendRequest(echoPath, "hi", WaitReplyMs: 5_000), Token);
        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            hub.InvokeAsync<UnixProbeResult>(Dashboard.Contracts.ProbeHubRoutes.ProbeUnix, new UnixProbeRequest($"{fixture.Lab.Outside}/x.sock"), Token));

        Assert.Equal((UnixSocketState.Connected, UnixSocketState.Replied, "echo:hi"), (probed.State, sent.State, sent.Reply?.PayloadText));
        Assert.Contains("is outside the directories allowed for Unix sockets", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostProbe_AMissingPath_AnswersEnoent()
    {
        using var http = ApiClient.For(fixture.Host);

        using var response = await http.PostJsonAsync("api/unix/probe", $"{{\"path\":\"{fixture.Lab.Allowed}/nothing.sock\",\"type\":\"datagram\"}}", Token);

        var result = (await response.Content.ReadFromJsonAsync<UnixProbeResult>(Token))!;
        Assert.Equal((UnixSocketState.NotFound, 2, "ENOENT", UnixSocketType.Datagram), (result.State, result.Code, result.CodeName, result.Type));
    }

    [Fact]
    public async Task PostProbe_OutsideTheAllowedDirectories_Is403NamingThem()
    {
        using var http = ApiClient.For(fixture.Host);

        using var response = await http.PostJsonAsync("api/unix/probe", $"{{\"path\":\"{fixture.Lab.Outside}/x.sock\"}}", Token);

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal((403, $"path: {fixture.Lab.Outside}/x.sock is outside the directories allowed for Unix sockets: {fixture.Lab.Allowed} (Policy:UnixSockets:AllowedDirectories); symbolic links are resolved before this check"),
            (status, detail));
    }

    [Theory]
    [InlineData("{\"path\":\"run/x.sock\"}", "path", "path must be an absolute path (starting with /), got 'run/x.sock'")]
    [InlineData("{\"path\":\"/tmp/a/../x.sock\"}", "path", "path must not contain '..'")]
    [InlineData("{}", "path", "path is required")]
    [InlineData("{\"path\":\"/tmp/x.sock\",\"type\":\"seqpacket\"}", "type", "type must be")]
    public async Task PostProbe_BadInput_Is400WithTheField(string json, string field, string expected)
    {
        using var http = ApiClient.For(fixture.Host);

        using var response = await http.PostJsonAsync("api/unix/probe", json, Token);

        var (status, detail, errorField) = await response.ProblemAsync(Token);
        Assert.Equal((400, field), (status, errorField));
        Assert.StartsWith(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostSend_ToAPythonPeerThatAnswers_ReturnsItsReply()
    {
        var path = Path.Combine(fixture.Lab.Allowed, "api-echo.sock");
        using var peer = UnixPythonPeer.DatagramEcho(path);

        using var http = ApiClient.For(fixture.Host);
        using var response = await http.PostJsonAsync("api/unix/send", $"{{\"path\":\"{path}\",\"payload\":\"ping\",\"waitReplyMs\":5000}}", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<UnixSendResult>(Token))!;
        Assert.Equal((UnixSocketState.Replied, 4, "echo:ping"), (result.State, result.BytesSent, result.Reply?.PayloadText));
    }

    [Fact]
    public async Task PostSend_BadInput_Is400WithTheField()
    {
        using var http = ApiClient.For(fixture.Host);

        using var response = await http.PostJsonAsync("api/unix/send", $"{{\"path\":\"{fixture.Lab.Allowed}/x.sock\",\"payload\":\"zz\",\"encoding\":\"hex\",\"waitReplyMs\":-1}}", Token);

        var (status, _, field) = await response.ProblemAsync(Token);
        Assert.Equal((400, "payload"), (status, field));
    }

    [Fact]
    public async Task ProbesAndSends_TakeTheUsersQuotas_429PastThem_EvenWhenThePathIsForbidden()
    {
        await using var host = DashboardHost.With(new() { ["Policy:Quotas:ProbesPerMinute"] = "1", ["Policy:Quotas:UdpDatagramsPerMinute"] = "1" });
        using var http = ApiClient.For(host);
        const string Probe = "{\"path\":\"/run/quota.sock\"}";
        const string Send = "{\"path\":\"/run/quota.sock\",\"payload\":\"x\"}";

        int[] statuses =
        [
            await StatusAsync(http.PostJsonAsync("api/unix/probe", Probe, Token)), await StatusAsync(http.PostJsonAsync("api/unix/probe", Probe, Token)),
            await StatusAsync(http.PostJsonAsync("api/unix/send", Send, Token)), await StatusAsync(http.PostJsonAsync("api/unix/send", Send, Token)),
        ];

        Assert.Equal([403, 429, 403, 429], statuses);
    }

    private static async Task<int> StatusAsync(Task<HttpResponseMessage> sent)
    {
        using var response = await sent;
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task WithoutAnAllowedDirectory_EveryPathIsRefused_SayingSo()
    {
        await using var plain = new DashboardHost();
        using var http = ApiClient.For(plain);

        using var response = await http.PostJsonAsync("api/unix/probe", $"{{\"path\":\"{fixture.Lab.Allowed}/x.sock\"}}", Token);

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal((403, "path: no directory is allowed for Unix sockets at this server (Policy:UnixSockets:AllowedDirectories is empty), so every path is refused; an Admin must allow a directory first"),
            (status, detail));
    }

    [Fact]
    public async Task TheService_RerunsAStoredProbe_AndTheAuditHasIt()
    {
        var path = Path.Combine(fixture.Lab.Allowed, "rerun.sock");
        using var live = fixture.Lab.Listen(path);
        var unix = fixture.Host.Services.GetRequiredService<UnixSocketService>();
        var first = await unix.ProbeAsync(fixture.Host.Admin, new UnixProbeRequest(path), Token);
        var rerunner = fixture.Host.Services.GetServices<Dashboard.Web.Features.History.IHistoryRerunner>().Single(r => r.Kind == "unix");

        var link = await rerunner.RerunAsync(fixture.Host.Admin, $"{{\"probe\":{{\"path\":\"{path}\"}},\"allowedDirectories\":[]}}", Token);

        Assert.StartsWith("unix/", link, StringComparison.Ordinal);
        Assert.NotEqual($"unix/{first.Id}", link);
    }
}
