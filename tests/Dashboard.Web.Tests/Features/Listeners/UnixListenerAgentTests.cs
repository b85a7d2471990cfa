using System.Net.Http.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Tests.Features.UnixSockets;

namespace Dashboard.Web.Tests.Features.Listeners;

/// <summary>A unix listener at a real agent process: its events come back through the dashboard, under both sets of directories.</summary>
public sealed class UnixListenerAgentTests(UnixSocketHost fixture) : IClassFixture<UnixSocketHost>, IDisposable
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private AgentProcess? _agent;

    [Fact]
    public async Task AtAnAgent_AUnixEchoListener_AnswersPython_AndItsEventsNameThePath_WithinTheAgentsOwnDirectories()
    {
        var agentDirectory = Directory.CreateDirectory(Path.Combine(fixture.Lab.Allowed, "agent")).FullName;
        var name = await StartAgentAsync("unix-listen-agent", agentDirectory);
        using var http = fixture.Host.Http();
        var path = Path.Combine(agentDirectory, "at-agent.sock");

        using var created = await http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"unix\",\"path\":\"{path}\",\"reply\":{{\"mode\":\"echo\"}},\"from\":\"{name}\"}}", Token);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Token) + _agent!.Output);
        var info = (await created.Content.ReadFromJsonAsync<ListenerInfo>(Token))!;
        var answer = await UnixListenerDoorsTests.PythonEchoAsync(path);
        List<ListenerEvent> events;
        do
        {
            events = (await http.GetFromJsonAsync<List<ListenerEvent>>(new Uri($"api/listeners/{info.Id}/events?after=0", UriKind.Relative), Token))!;
        }
        while (!events.Any(e => e.Kind == ListenerEventKind.Closed) && await Task.Delay(50, Token).ContinueWith(_ => true, TaskScheduler.Default));

        Assert.Equal("hi there", answer);
        Assert.Equal((path, name), (info.LocalEndPoint, info.From));
        Assert.Equal([ListenerEventKind.Accepted, ListenerEventKind.Data, ListenerEventKind.Sent, ListenerEventKind.Closed], events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal(path, e.Local));

        using var outsideAgents = await http.PostJsonAsync("api/listeners", $"{{\"protocol\":\"unix\",\"path\":\"{fixture.Lab.Allowed}/not-agents.sock\",\"from\":\"{name}\"}}", Token);
        var (status, detail, _) = await outsideAgents.ProblemAsync(Token);
        Assert.Equal((403, $"agent {name}: path: {fixture.Lab.Allowed}/not-agents.sock is outside the directories allowed for Unix sockets: {agentDirectory} (this agent's --unix-dirs); symbolic links are resolved before this check"),
            (status, detail));

        using var closed = await http.DeleteAsync($"api/listeners/{info.Id}", Token);
        Assert.True(closed.IsSuccessStatusCode);
        Assert.False(Path.Exists(path), "the agent left its socket file behind");
    }

    private async Task<string> StartAgentAsync(string name, string unixDirs)
    {
        using var http = fixture.Host.Http();
        using var response = await http.PostJsonAsync("api/agents", $"{{\"name\":\"{name}\"}}", Token);
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<AgentCreated>(Token))!;
        _agent = new AgentProcess(null, fixture.Host.BaseAddress, created.Token, name + "-host", "--unix-dirs", unixDirs);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var agents = await http.GetFromJsonAsync<List<AgentInfo>>(new Uri("api/agents", UriKind.Relative), Token);
            if (agents!.Any(a => a.Name == name && a.Status == AgentStatus.Online && a.Capabilities.Contains(AgentCapabilities.UnixListen)))
            {
                return name;
            }

            await Task.Delay(100, Token);
        }

        throw new TimeoutException($"agent {name} did not come online: {_agent.Output}");
    }

    public void Dispose() => _agent?.Dispose();
}
