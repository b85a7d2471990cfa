using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Reproduce;
using Dashboard.Contracts.Scan;

namespace Dashboard.Web.Tests.Features.Reproduce;

/// <summary>A scan's nmap line and a listener's commands, run through sh: the same states, the same echo.</summary>
public sealed class ReproduceScanListenerTests(DashboardHost host, ReproduceTarget target) : IClassFixture<DashboardHost>, IClassFixture<ReproduceTarget>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Scan_NmapLine_FindsEveryPortInTheScansState()
    {
        using var http = ApiClient.For(host);
        using var response = await http.PostAsync("api/scans", new ScanRequest(target.Address,
            $"{ReproduceTarget.OpenPort}-{ReproduceTarget.FilteredPort}", TimeoutMs: 1500, Discovery: HostDiscovery.Off), Token);
        var started = await response.Content.ReadFromJsonAsync<ScanStatus>(Token);
        while ((await http.GetFromJsonAsync<ScanStatus>(response.Headers.Location!, Token))!.State == ScanState.Running)
        {
            await Task.Delay(50, Token);
        }

        var page = await http.GetFromJsonAsync<ScanResultsPage>(new Uri($"api/scans/{started!.ScanId}/results", UriKind.Relative), Token);
        var commands = await CommandsAsync(http, started.ScanId);
        var nmap = Assert.Single(commands.Commands);
        var output = await ShellRun.RunAsync("sh", nmap.Line, Limit, Token);

        var ours = page!.Results.ToDictionary(r => r.Port, r => WireName(r.State));
        Assert.Equal(3, ours.Count);
        Assert.Equal(ours.OrderBy(p => p.Key), Verdicts.NmapPorts(output.All).OrderBy(p => p.Key));
        Assert.Equal(["open", "closed", "filtered"], ours.OrderBy(p => p.Key).Select(p => p.Value));
    }

    [Fact]
    public async Task TcpEchoListener_ClientCommandsReachIt_AndTheNcatLineIsTheSameListener()
    {
        using var http = ApiClient.For(host);
        using var opened = await http.PostAsync("api/listeners",
            new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0, Reply: new ListenerReply(ReplyMode.Echo)), Token);
        var info = await opened.Content.ReadFromJsonAsync<ListenerInfo>(Token);
        var commands = await CommandsAsync(http, info!.Id);
        var ncatListener = commands.Commands[0];
        var nc = commands.Commands.Single(c => c.Tool == "nc");
        var python = commands.Commands.Single(c => c.Tool == "python3");

        var viaDashboard = await ShellRun.RunAsync("sh", nc.Line, Limit, Token);
        Assert.Equal("0 OK", (await ShellRun.RunAsync("sh", python.Line, Limit, Token)).All.Trim());
        (await http.DeleteAsync($"api/listeners/{info.Id}", Token)).Dispose();
        var port = IPEndPoint.Parse(info.LocalEndPoint).Port;
        var viaNcat = await WhileRunningAsync(ncatListener.Line, port, () => ShellRun.RunAsync("sh", nc.Line, Limit, Token));

        Assert.Equal("ncat", ncatListener.Tool);
        foreach (var output in new[] { viaDashboard, viaNcat })
        {
            Assert.Contains("succeeded!", output.Stderr, StringComparison.Ordinal);
            Assert.Equal("hello\n", System.Text.Encoding.ASCII.GetString(output.Stdout));
        }
    }

    [Fact]
    public async Task UdpEchoListener_NcClient_GetsItsDatagramBack()
    {
        using var http = ApiClient.For(host);
        using var opened = await http.PostAsync("api/listeners",
            new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", 0, Reply: new ListenerReply(ReplyMode.Echo)), Token);
        var info = await opened.Content.ReadFromJsonAsync<ListenerInfo>(Token);
        var commands = await CommandsAsync(http, info!.Id);

        var output = await ShellRun.RunAsync("sh", commands.Commands.Single(c => c.Tool == "nc").Line, Limit, Token);

        Assert.Equal("python3", commands.Commands[0].Tool);
        Assert.Equal("hello\n", System.Text.Encoding.ASCII.GetString(output.Stdout));
        (await http.DeleteAsync($"api/listeners/{info.Id}", Token)).Dispose();
    }

    [Fact]
    public async Task PathCheck_NcatListenerThenNcClient_ArrivesAsTheCheckDid()
    {
        using var http = ApiClient.For(host);
        var port = LoopbackListener.FreePort(IPAddress.Loopback);
        using var response = await http.PostAsync("api/paths/check", new Dashboard.Contracts.Paths.PathCheckRequest(null, null, port, Host: "127.0.0.1"), Token);
        var result = await response.Content.ReadFromJsonAsync<Dashboard.Contracts.Paths.PathCheckResult>(Token);
        Assert.True(result!.Arrived, result.Detail);
        var commands = Dashboard.Web.Features.Reproduce.PathCommands.For(result);

        var client = await WhileRunningAsync(commands.Commands[0].Line, port,
            () => ShellRun.RunAsync("sh", commands.Commands.Single(c => c.Tool == "nc").Line, Limit, Token));

        Assert.Contains("succeeded!", client.Stderr, StringComparison.Ordinal);
        Assert.Equal(result.From, commands.Where);
    }

    private static string WireName(Dashboard.Contracts.Probe.ProbeState state) => state.ToString().ToLowerInvariant();

    /// <summary>A listener session is stored just after it opens: asks until it is there (bounded).</summary>
    private static async Task<ReproduceCommands> CommandsAsync(HttpClient http, string id)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await http.GetAsync($"api/history/{id}/commands", Token);
            if (response.StatusCode != HttpStatusCode.NotFound || attempt == 200)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return (await response.Content.ReadFromJsonAsync<ReproduceCommands>(Token))!;
            }

            await Task.Delay(50, Token);
        }
    }

    /// <summary>Runs <paramref name="listenerLine"/> in the background until <paramref name="port"/> accepts, then <paramref name="client"/>.</summary>
    private static async Task<ShellRun.Output> WhileRunningAsync(string listenerLine, int port, Func<Task<ShellRun.Output>> client)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(listenerLine);
        using var listener = Process.Start(start)!;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port, Token);
                    break;
                }
                catch (SocketException) when (attempt < 200 && !listener.HasExited)
                {
                    await Task.Delay(50, Token);
                }
            }

            return await client();
        }
        finally
        {
            listener.Kill(entireProcessTree: true);
        }
    }
}
