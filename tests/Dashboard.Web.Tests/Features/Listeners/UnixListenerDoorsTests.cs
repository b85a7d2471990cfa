using System.Diagnostics;
using System.Net.Http.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Tests.Features.UnixSockets;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Listeners;

/// <summary>unix and unixgram listeners through REST: who may open them, where, and what a client sees.</summary>
public sealed class UnixListenerDoorsTests(UnixSocketHost fixture) : IClassFixture<UnixSocketHost>
{
    private static readonly string[] Loopback = ["127.0.0.1"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private DashboardHost Host => fixture.Host;

    private UnixSocketLab Lab => fixture.Lab;

    [Fact]
    public async Task AnOperator_OpensAUnixEchoListener_PythonGetsItsBytesBack_ClosingRemovesTheFile_Audited()
    {
        var (_, token) = await Host.AddUserAsync("unix-olga", Role.Operator, Token);
        using var http = Host.Http(token);
        var path = Path.Combine(Lab.Allowed, "doors-echo.sock");

        using var created = await http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"unix\",\"path\":\"{path}\",\"reply\":{{\"mode\":\"echo\"}}}}", Token);

        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Token));
        var info = (await created.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;
        Assert.Equal((ListenerProtocol.Unix, path, "unix-olga"), (info.Protocol, info.LocalEndPoint, info.Owner));
        Assert.Equal("hi there", await PythonEchoAsync(path));
        using var closed = await http.DeleteAsync($"api/listeners/{info.Id}", Token);
        Assert.Equal(ListenerState.Stopped, (await closed.Content.ReadFromJsonAsync<ListenerInfo>(Token))!.State);
        Assert.False(Path.Exists(path), "the socket file outlived the listener");
        await Host.Services.GetRequiredService<AuditQueue>().FlushAsync(Token);
        var page = await Host.Services.GetRequiredService<AuditService>().SearchAsync(Host.Admin, new AuditFilter(Action: AuditActions.ListenerOpen), 1, AuditService.MaxPageSize, Token);
        Assert.Contains(page.Items, r => r.ActorName == "unix-olga" && r.Target == info.Id && r.Detail.StartsWith($"unix {path}, until", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AViewer_IsRefused_AndNothingIsCreated()
    {
        var (_, token) = await Host.AddUserAsync("unix-vic", Role.Viewer, Token);
        using var http = Host.Http(token);
        var path = Path.Combine(Lab.Allowed, "viewer.sock");

        using var response = await http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"unix\",\"path\":\"{path}\"}}", Token);

        Assert.Equal(403, (await response.ProblemAsync(Token)).Status);
        Assert.False(Path.Exists(path));
    }

    [Fact]
    public async Task APathOutsideTheAllowedDirectories_Is403_NamingTheSetting()
    {
        using var http = Host.Http();
        var path = Path.Combine(Lab.Outside, "out.sock");

        using var response = await http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"unixgram\",\"path\":\"{path}\"}}", Token);

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal((403, $"path: {path} is outside the directories allowed for Unix sockets: {Lab.Allowed} (Policy:UnixSockets:AllowedDirectories); symbolic links are resolved before this check"),
            (status, detail));
    }

    [Fact]
    public async Task APortOnAUnixListener_Is400_NamingTheField()
    {
        using var http = Host.Http();

        using var response = await http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"unix\",\"path\":\"{Lab.Allowed}/p.sock\",\"port\":9000}}", Token);

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal((400, "port is not allowed for unix and unixgram listeners (they bind a path), got 9000; leave it out or 0"), (status, detail));
    }

    [Fact]
    public async Task AnAgentWithoutUnixListen_IsRefusedWithAConflict_AndSentNothing()
    {
        await using var agent = await ScriptedAgent.StartAsync(Host, "old-unix", (self, command) => self.ReplyAsync(command, Loopback),
            ["probe", "listen", AgentCapabilities.CheckedScans, AgentCapabilities.UnixSockets], Token);
        using var http = Host.Http();

        using var response = await http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"unix\",\"path\":\"{Lab.Allowed}/old.sock\",\"from\":\"old-unix\"}}", Token);

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal((409, "from: agent old-unix (version 9.9.9) cannot open Unix socket listeners; upgrade the agent"), (status, detail));
        Assert.DoesNotContain(agent.Commands, c => c.Kind == AgentCommandKind.OpenListener);
    }

    internal static async Task<string> PythonEchoAsync(string path)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-c", "import socket, sys\ns = socket.socket(socket.AF_UNIX)\ns.settimeout(10)\ns.connect(sys.argv[1])\ns.sendall(b'hi there')\nprint(s.recv(100).decode())", path])
        {
            start.ArgumentList.Add(argument);
        }

        using var python = Process.Start(start)!;
        var output = await python.StandardOutput.ReadToEndAsync(Token);
        var error = await python.StandardError.ReadToEndAsync(Token);
        await python.WaitForExitAsync(Token);
        Assert.True(python.ExitCode == 0, $"python3 failed: {error}");
        return output.Trim();
    }
}
