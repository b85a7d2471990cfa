using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Agents;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// One dashboard and two real agents in namespaces of their own (<see cref="AgentNetwork"/>): <c>alpha</c>
/// in A (allowed targets: the lab's range and 127.0.0.1 only) and <c>bravo</c> in B. Tests may start more
/// agents of their own with <see cref="StartAgentAsync"/>.
/// </summary>
public sealed class AgentLab : IAsyncLifetime
{
    public const string LabRange = "198.18.0.0/15";

    private readonly List<AgentProcess> _agents = [];

    public AgentNetwork Network { get; private set; } = null!;

    public DashboardHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public AgentProcess Alpha { get; private set; } = null!;

    public AgentProcess Bravo { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Network = new AgentNetwork();
        Host = DashboardHost.AlsoOn([Network.DashboardSideA, Network.DashboardSideB], new() { ["Agents:HeartbeatSeconds"] = "1" });
        Http = Host.Http();
        (_, Alpha) = await StartAgentAsync("alpha", Network.A, Network.DashboardSideA, "--allow-targets", $"{LabRange},127.0.0.1/32");
        (_, Bravo) = await StartAgentAsync("bravo", Network.B, Network.DashboardSideB, "--allow-targets", LabRange);
        await WaitForAsync("alpha", AgentStatus.Online);
        await WaitForAsync("bravo", AgentStatus.Online);
    }

    /// <summary>Makes an agent through the API and starts its process in <paramref name="ns"/>, connecting to the dashboard at <paramref name="dashboardSide"/>.</summary>
    public async Task<(AgentInfo Agent, AgentProcess Process)> StartAgentAsync(string name, string ns, IPAddress dashboardSide, params string[] extra)
    {
        var created = await CreateAsync(name);
        var process = new AgentProcess(ns, Host.AddressOn(dashboardSide), created.Token, name + "-host", extra);
        _agents.Add(process);
        return (created.Agent, process);
    }

    /// <summary>Stops <paramref name="process"/> with the lab: for agents a test starts its own way.</summary>
    public AgentProcess Keep(AgentProcess process)
    {
        _agents.Add(process);
        return process;
    }

    public async Task<AgentCreated> CreateAsync(string name)
    {
        using var response = await Http.PostJsonAsync("api/agents", $"{{\"name\":\"{name}\"}}", CancellationToken.None);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AgentCreated>())!;
    }

    public async Task<IReadOnlyList<AgentInfo>> AgentsAsync() =>
        (await Http.GetFromJsonAsync<List<AgentInfo>>(new Uri("api/agents", UriKind.Relative)))!;

    /// <summary>Waits (up to a minute: agents are processes on a loaded machine) until the agent has <paramref name="status"/>.</summary>
    public async Task<AgentInfo> WaitForAsync(string name, AgentStatus status, Func<AgentInfo, bool>? also = null)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        AgentInfo? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await AgentsAsync()).FirstOrDefault(a => a.Name == name);
            if (last?.Status == status && (also is null || also(last)))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"agent {name} is {last?.Status.ToString() ?? "unknown"}, not {status}; agents' output:\n" +
            string.Join("\n---\n", _agents.Select(a => a.Output)));
    }

    public string Output => string.Join("\n---\n", _agents.Select(a => a.Output));

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            agent.Dispose();
        }

        Http?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Network?.Dispose();
    }
}

/// <summary>The tests that share one agent lab (its namespaces and agents are set up once).</summary>
[CollectionDefinition(Name)]
public sealed class AgentLabGroup : ICollectionFixture<AgentLab>
{
    public const string Name = "agent lab";
}
