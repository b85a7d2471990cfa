using System.Net.Http.Json;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Features.Reproduce;
using Dashboard.Web.Tests.Features.UnixSockets;

namespace Dashboard.Web.Tests.Features.Reproduce;

/// <summary>The client lines of a unix or unixgram listener's commands, run through a real shell against our listener, get our echo back.</summary>
public sealed class ReproduceUnixListenerTests(UnixSocketHost fixture) : IClassFixture<UnixSocketHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("unix")]
    [InlineData("unixgram")]
    public async Task ThePythonClientLine_GetsTheListenersEchoBack(string protocol)
    {
        using var http = fixture.Host.Http();
        var path = Path.Combine(fixture.Lab.Allowed, $"reproduce-{protocol}.sock");
        using var created = await http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"{protocol}\",\"path\":\"{path}\",\"reply\":{{\"mode\":\"echo\"}}}}", Token);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Token));
        var info = (await created.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;

        var commands = ListenerCommands.For(info, new ListenerReply(ReplyMode.Echo), null).Commands;
        var client = commands[1];
        var output = await ShellRun.RunAsync("sh", client.Line, TimeSpan.FromSeconds(30), Token);

        Assert.Equal(("python3", 0), (client.Tool, output.ExitCode));
        Assert.Equal("b'hello\\n'", output.All.Trim());
        Assert.StartsWith(protocol == "unix" ? "ncat -lkU " : "python3 -c ", commands[0].Line, StringComparison.Ordinal);
        using var closed = await http.DeleteAsync($"api/listeners/{info.Id}", Token);
    }
}
