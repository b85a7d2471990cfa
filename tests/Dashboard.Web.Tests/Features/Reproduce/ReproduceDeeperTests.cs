using System.Net.Http.Json;
using Dashboard.Contracts.Reproduce;
using Dashboard.Contracts.Unix;
using Dashboard.Web.Tests.Features.UnixSockets;

namespace Dashboard.Web.Tests.Features.Reproduce;

/// <summary>
/// The commands for a Unix socket probe and send, fetched over REST as a user would and run by <c>sh</c>, say what the
/// dashboard said: Python's errno for the path, the bytes a peer sent back (a TLS check's: ReproduceTlsTests).
/// </summary>
public sealed class ReproduceDeeperTests(UnixSocketHost unix) : IClassFixture<UnixSocketHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("live")]
    [InlineData("dead")]
    [InlineData("missing")]
    public async Task UnixProbe_ThePythonLine_PrintsTheDashboardsErrnoAndName(string kind)
    {
        var path = Path.Combine(unix.Lab.Allowed, $"reproduce-{kind}.sock");
        using var live = kind == "live" ? unix.Lab.Listen(path) : null;
        if (kind == "dead")
        {
            UnixSocketLab.Dead(path);
        }

        using var http = ApiClient.For(unix.Host);
        using var response = await http.PostJsonAsync("api/unix/probe", $"{{\"path\":\"{path}\"}}", Token);
        var result = (await response.Content.ReadFromJsonAsync<UnixProbeResult>(Token))!;
        var python = await CommandAsync(http, result.Id!, "python3");

        var output = await ShellRun.RunAsync("sh", python.Line, TimeSpan.FromSeconds(20), Token);

        Assert.Equal($"{result.Code} {result.CodeName}", output.All.Trim());
    }

    [Fact]
    public async Task UnixSend_ThePythonLine_GetsTheSameReply()
    {
        var path = Path.Combine(unix.Lab.Allowed, "reproduce-echo.sock");
        using var peer = UnixPythonPeer.DatagramEcho(path);
        using var http = ApiClient.For(unix.Host);
        using var response = await http.PostJsonAsync("api/unix/send", $"{{\"path\":\"{path}\",\"payload\":\"it's $(me)\",\"waitReplyMs\":5000}}", Token);
        var result = (await response.Content.ReadFromJsonAsync<UnixSendResult>(Token))!;
        var python = await CommandAsync(http, result.Id!, "python3");

        var output = await ShellRun.RunAsync("sh", python.Line, TimeSpan.FromSeconds(20), Token);

        Assert.Equal((UnixSocketState.Replied, "echo:it's $(me)"), (result.State, result.Reply?.PayloadText));
        Assert.Equal("replied b\"echo:it's $(me)\"", output.All.Trim());
    }

    private static async Task<ReproduceCommand> CommandAsync(HttpClient http, string id, string tool)
    {
        var commands = await http.GetFromJsonAsync<ReproduceCommands>(new Uri($"api/history/{id}/commands", UriKind.Relative), Dashboard.Web.Hosting.WireJson.Options, Token);
        return commands!.Commands.First(c => c.Tool == tool);
    }
}
