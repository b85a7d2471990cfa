using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Reproduce;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Reproduce;

/// <summary>
/// A probe's commands, taken from the REST API as a user would, run through sh against the same port: each tool's
/// verdict is the probe's. Open and closed on loopback (IPv4 and IPv6), and all three states in a namespace.
/// </summary>
public sealed class ReproduceProbeTests(DashboardHost host, ReproduceTarget target) : IClassFixture<DashboardHost>, IClassFixture<ReproduceTarget>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ReproduceTarget.OpenPort, "open")]
    [InlineData(ReproduceTarget.ClosedPort, "closed")]
    [InlineData(ReproduceTarget.FilteredPort, "filtered")]
    public async Task ProbeInANamespace_EveryCommand_ReachesTheProbesVerdict(int port, string expected)
    {
        var (result, commands) = await ProbeAsync(target.Address, port);

        Assert.Equal(expected, result.State.ToString().ToLowerInvariant());
        await AssertVerdictsAsync(result, commands);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task ProbeOnLoopback_OpenAndClosed_EveryCommandAgrees(string address)
    {
        var ip = IPAddress.Parse(address);
        using var listener = new LoopbackListener(ip);
        using var closed = new ClosedPorts(ip, 1);

        foreach (var port in new[] { listener.Port, closed.Ports[0] })
        {
            var (result, commands) = await ProbeAsync(address, port);
            await AssertVerdictsAsync(result, commands);
        }
    }

    [Fact]
    public async Task ProbeCommands_NameThisServer_AndQuoteTheAddress()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);

        var (_, commands) = await ProbeAsync("127.0.0.1", listener.Port);

        Assert.Equal("this server", commands.Where);
        Assert.Equal(["nmap", "nc", "ncat", "python3", "Test-NetConnection"], commands.Commands.Select(c => c.Tool));
        Assert.All(commands.Commands.Where(c => c.Shell == CommandShell.Posix && c.Tool != "python3"), c => Assert.Contains("'127.0.0.1'", c.Line, StringComparison.Ordinal));
        Assert.Equal($"Test-NetConnection -ComputerName '127.0.0.1' -Port {listener.Port}", commands.Commands[^1].Line);
    }

    [Fact]
    public async Task Commands_UnknownId_Is404Problem()
    {
        using var http = ApiClient.For(host);

        using var response = await http.GetAsync("api/history/nope/commands", Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal((404, "id 'nope' is not in the history"), (status, detail));
    }

    [Fact]
    public async Task Commands_AKindThisDashboardDoesNotKnow_Is409NamingIt()
    {
        var recorder = host.Services.GetRequiredService<Dashboard.Web.Features.History.Storage.IHistoryRecorder>();
        var id = await recorder.AnsweredAsync(host.Admin, "mystery", "valid", "127.0.0.1:443",
            DateTimeOffset.UtcNow, new { host = "127.0.0.1", port = 443 }, new { verdict = "valid" }, Token);
        using var http = ApiClient.For(host);

        using var response = await http.GetAsync($"api/history/{id}/commands", Token);

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal((409, "a mystery has no commands to reproduce it"), (status, detail));
    }

    private async Task<(ProbeResult Result, ReproduceCommands Commands)> ProbeAsync(string address, int port)
    {
        using var http = ApiClient.For(host);
        using var response = await http.PostAsync("api/probe", new ProbeRequest(address, port, TimeoutMs: 1500), Token);
        var result = await response.Content.ReadFromJsonAsync<ProbeResult>(Token);
        Assert.True(result?.Id is not null, await response.Content.ReadAsStringAsync(Token));
        var commands = await http.GetFromJsonAsync<ReproduceCommands>(new Uri($"api/history/{result.Id}/commands", UriKind.Relative), Token);
        return (result, commands!);
    }

    private static async Task AssertVerdictsAsync(ProbeResult result, ReproduceCommands commands)
    {
        var posix = commands.Commands.Where(c => c.Shell == CommandShell.Posix).ToList();
        var outputs = await Task.WhenAll(posix.Select(c => ShellRun.RunAsync("sh", c.Line, TimeSpan.FromSeconds(30), Token)));
        var expected = result.State.ToString().ToLowerInvariant();
        for (var i = 0; i < posix.Count; i++)
        {
            Assert.True(expected == Verdicts.Tcp(posix[i], outputs[i]), $"{posix[i].Line}\nsaid: {outputs[i].All}\nthe probe: {expected}");
            if (posix[i].Tool == "python3")
            {
                Assert.Equal($"{result.Code} {result.CodeName}", outputs[i].All.Trim());
            }
        }
    }
}
