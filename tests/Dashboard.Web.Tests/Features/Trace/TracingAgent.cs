using System.Net.Http.Json;
using Dashboard.Contracts.Agents;

namespace Dashboard.Web.Tests.Features.Trace;

/// <summary>
/// A routed path (client - r1 - r2 - r3 - server) with a real agent, <c>tracer</c>, in the client's namespace and a
/// dashboard it connects to: traces from the agent go over the path. Tests clear the routers' rules when done.
/// </summary>
public sealed class TracingAgent : IAsyncLifetime
{
    public const string Name = "tracer";

    public RoutedTopology Topology { get; } = new();

    public DashboardHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public AgentProcess Agent { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var dashboardSide = Topology.ConnectClientToHost();
        Host = DashboardHost.AlsoOn([dashboardSide], new() { ["Agents:HeartbeatSeconds"] = "1" });
        Http = Host.Http();
        using var response = await Http.PostJsonAsync("api/agents", $"{{\"name\":\"{Name}\"}}", CancellationToken.None);
        var created = (await response.Content.ReadFromJsonAsync<AgentCreated>())!;
        Agent = new AgentProcess(Topology.Client, Host.AddressOn(dashboardSide), created.Token, "tracer-host", "--allow-targets", "10.0.0.0/16,fd00::/16");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await Http.GetFromJsonAsync<List<AgentInfo>>(new Uri("api/agents", UriKind.Relative)))!.Single().Status != AgentStatus.Online)
        {
            Assert.True(DateTime.UtcNow < deadline, "the agent did not come online:\n" + Agent.Output);
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Agent?.Dispose();
        Http?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Topology.Dispose();
    }
}
