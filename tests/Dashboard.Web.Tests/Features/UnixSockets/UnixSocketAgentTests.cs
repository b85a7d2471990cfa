using System.Net.Http.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Unix;

namespace Dashboard.Web.Tests.Features.UnixSockets;

/// <summary>
/// From a real agent run as nobody (uid 65534), so that permissions decide as they do for an unprivileged agent: its
/// errno for each case equals Python's connect_ex run as nobody; the dashboard's directories and the agent's own both apply.
/// </summary>
public sealed class UnixSocketAgentTests(UnixSocketHost fixture) : IClassFixture<UnixSocketHost>, IDisposable
{
    private const string Nobody = "65534";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly List<AgentProcess> _agents = [];

    private UnixSocketLab Sockets => fixture.Lab;

    [Fact]
    public async Task AnAgentRunAsNobody_GivesTheErrnoPythonRunAsNobodyGives()
    {
        var allowed = Directory.CreateDirectory(Path.Combine(Sockets.Allowed, "nobody")).FullName;
        UnixSocketLab.Chmod(allowed, (UnixFileMode)0b111_101_101);
        using var live = Sockets.Listen(Path.Combine(allowed, "live.sock"));
        using var locked = Sockets.Listen(Path.Combine(allowed, "locked.sock"));
        UnixSocketLab.Chmod(Path.Combine(allowed, "locked.sock"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var closedDirectory = Directory.CreateDirectory(Path.Combine(allowed, "closed")).FullName;
        using var inClosed = Sockets.Listen(Path.Combine(closedDirectory, "s.sock"));
        UnixSocketLab.Chmod(closedDirectory, UnixFileMode.None);
        var dead = UnixSocketLab.Dead(Path.Combine(allowed, "dead.sock"));
        await File.WriteAllTextAsync(Path.Combine(allowed, "file.txt"), "x", Token);
        using var datagram = Sockets.BindDatagram(Path.Combine(allowed, "dgram.sock"));
        string[] paths =
        [
            Path.Combine(allowed, "live.sock"), Path.Combine(allowed, "missing.sock"), dead, Path.Combine(allowed, "file.txt"),
            Path.Combine(allowed, "dgram.sock"), Path.Combine(allowed, "locked.sock"), Path.Combine(closedDirectory, "s.sock"),
        ];
        var agent = await StartNobodyAgentAsync("unix-nobody", Sockets.Allowed);

        var python = await UnixPythonPeer.ConnectExAsAsync(Nobody, paths, Token);

        // The cases an unprivileged agent exists for: EACCES from a directory it may not search and a socket it may not write.
        Assert.Equal((13, 13), (python[Path.Combine(closedDirectory, "s.sock")], python[Path.Combine(allowed, "locked.sock")]));
        foreach (var path in paths)
        {
            var result = await ProbeAsync(agent, path);
            Assert.Equal((path, python[path], agent), (path, result.Code, result.From));
        }
    }

    [Fact]
    public async Task AnAgentsOwnDirectories_AndTheDashboards_MustBothAllow()
    {
        using var outside = Sockets.Listen(Path.Combine(Sockets.Outside, "both.sock"));
        using var inside = Sockets.Listen(Path.Combine(Sockets.Allowed, "both.sock"));
        var agent = await StartNobodyAgentAsync("unix-outside", Sockets.Outside);
        using var http = fixture.Host.Http();

        using var byDashboard = await http.PostJsonAsync("api/unix/probe", $"{{\"path\":\"{Sockets.Outside}/both.sock\",\"from\":\"{agent}\"}}", Token);
        using var byAgent = await http.PostJsonAsync("api/unix/probe", $"{{\"path\":\"{Sockets.Allowed}/both.sock\",\"from\":\"{agent}\"}}", Token);

        var (status, detail, _) = await byDashboard.ProblemAsync(Token);
        Assert.Equal((403, $"agent {agent}: path: {Sockets.Outside}/both.sock is outside the directories allowed for Unix sockets: {Sockets.Allowed} (the dashboard's Policy:UnixSockets:AllowedDirectories); symbolic links are resolved before this check"),
            (status, detail));
        (status, detail, _) = await byAgent.ProblemAsync(Token);
        Assert.Equal((403, $"agent {agent}: path: {Sockets.Allowed}/both.sock is outside the directories allowed for Unix sockets: {Sockets.Outside} (this agent's --unix-dirs); symbolic links are resolved before this check"),
            (status, detail));
    }

    private async Task<string> StartNobodyAgentAsync(string name, string unixDirs)
    {
        using var http = fixture.Host.Http();
        using var response = await http.PostJsonAsync("api/agents", $"{{\"name\":\"{name}\"}}", Token);
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<AgentCreated>(Token))!;
        var process = AgentProcess.As(Nobody, null, fixture.Host.BaseAddress, created.Token, name + "-host", "--unix-dirs", unixDirs);
        _agents.Add(process);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var agents = await http.GetFromJsonAsync<List<AgentInfo>>(new Uri("api/agents", UriKind.Relative), Token);
            // Online comes before its hello: wait for the capability this build of the agent announces.
            if (agents!.Any(a => a.Name == name && a.Status == AgentStatus.Online && a.Capabilities.Contains(AgentCapabilities.UnixSockets)))
            {
                return name;
            }

            await Task.Delay(100, Token);
        }

        throw new TimeoutException($"agent {name} did not come online: {process.Output}");
    }

    private async Task<UnixProbeResult> ProbeAsync(string agent, string path)
    {
        using var http = fixture.Host.Http();
        using var response = await http.PostJsonAsync("api/unix/probe", $"{{\"path\":\"{path}\",\"from\":\"{agent}\"}}", Token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token) + string.Join("\n", _agents.Select(a => a.Output)));
        return (await response.Content.ReadFromJsonAsync<UnixProbeResult>(Token))!;
    }

    public void Dispose()
    {
        foreach (var agent in _agents)
        {
            agent.Dispose();
        }
    }
}
