using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Trace;
using Dashboard.Web.Features.Audit;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Trace;

public sealed class TraceApiTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostTrace_ToLoopbackListener_AnswersOpenAtHopOne_StoredAndAudited()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var http = host.Http();

        using var response = await http.PostJsonAsync("api/trace", $"{{\"host\":\"127.0.0.1\",\"port\":{listener.Port}}}", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<TraceResult>(Token))!;
        Assert.Equal((TraceOutcome.Open, "this server"), (result.Outcome, result.From));
        Assert.Equal($"reached 127.0.0.1:{listener.Port} at hop 1, open: the host accepted the connection", result.Verdict);
        Assert.Equal(3, Assert.Single(result.Hops).Tries.Count);
        Assert.Contains("\"outcome\":\"open\"", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        var stored = await http.GetStringAsync(new Uri($"api/history/{result.Id}", UriKind.Relative), Token);
        Assert.Contains("\"kind\":\"trace\"", stored, StringComparison.Ordinal);
        Assert.Contains($"\"link\":\"trace/{result.Id}\"", stored, StringComparison.Ordinal);
        Assert.Single(await host.AuditRowsAsync(AuditActions.Trace, $"127.0.0.1:{listener.Port}", Token));
    }

    [Fact]
    public async Task PostTrace_Udp_ToClosedLoopbackPort_IsClosedAtHopOne_AndReproducedWithTracerouteU()
    {
        int port;
        using (var taken = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram,
            System.Net.Sockets.ProtocolType.Udp))
        {
            taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        }

        using var http = host.Http();

        using var response = await http.PostJsonAsync("api/trace", $"{{\"host\":\"127.0.0.1\",\"port\":{port},\"protocol\":\"udp\",\"tries\":1}}", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<TraceResult>(Token))!;
        Assert.Equal((TraceProtocol.Udp, TraceOutcome.Refused), (result.Protocol, result.Outcome));
        Assert.Equal($"reached 127.0.0.1:{port} at hop 1, closed: the host says port unreachable", result.Verdict);
        var commands = await http.GetStringAsync(new Uri($"api/history/{result.Id}/commands", UriKind.Relative), Token);
        Assert.Contains($"traceroute -U -p {port} -n -q 1", commands, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":80,\"maxHops\":65}", "maxHops", "maxHops must be 1-64, got 65")]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":80,\"tries\":9}", "tries", "tries must be 1-5, got 9")]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":80,\"protocol\":\"icmp\"}", "protocol", "protocol must be")]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":0}", "port", "port must be 1-65535, got 0")]
    public async Task PostTrace_BadInput_Is400WithTheFieldInErrors(string json, string field, string expected)
    {
        using var http = host.Http();

        using var response = await http.PostJsonAsync("api/trace", json, Token);

        var (status, detail, errorField) = await response.ProblemAsync(Token);
        Assert.Equal((400, field), (status, errorField));
        Assert.StartsWith(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubTrace_StreamsEachHopThenTheResult_AndRerunMakesANewItem()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        await using var hub = await host.ConnectHubAsync(Token);

        var updates = new List<TraceUpdate>();
        await foreach (var update in hub.StreamAsync<TraceUpdate>(ProbeHubRoutes.Trace, new TraceRequest("127.0.0.1", listener.Port, Tries: 2), Token))
        {
            updates.Add(update);
        }

        Assert.Equal(2, updates.Count);
        Assert.Equal(1, updates[0].Hop!.Hop);
        var result = updates[1].Result!;
        Assert.Equal(TraceOutcome.Open, result.Outcome);
        Assert.Equivalent(updates[0].Hop, result.Hops[0], strict: true);
        using var http = host.Http();
        using var rerun = await http.PostAsync(new Uri($"api/history/{result.Id}/rerun", UriKind.Relative), null, Token);
        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        Assert.Contains("trace/", await rerun.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostTrace_TakesOneProbeOfTheQuota_ThenIs429()
    {
        await using var limited = DashboardHost.With(new() { ["Policy:Quotas:ProbesPerMinute"] = "1" });
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var http = limited.Http();
        var body = $"{{\"host\":\"127.0.0.1\",\"port\":{listener.Port},\"tries\":1}}";

        using var first = await http.PostJsonAsync("api/trace", body, Token);
        using var second = await http.PostJsonAsync("api/trace", body, Token);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (first.StatusCode, second.StatusCode));
    }

    [Fact]
    public async Task PostTrace_ToDeniedTarget_Is403AndSendsNothing()
    {
        await using var strict = DashboardHost.With(new() { ["Policy:Preset"] = "strict" });
        using var http = strict.Http();

        using var response = await http.PostJsonAsync("api/trace", "{\"host\":\"127.0.0.1\",\"port\":9}", Token);

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal((403, "127.0.0.1 is denied by policy rule 'loopback'; nothing was sent"), (status, detail));
    }
}
