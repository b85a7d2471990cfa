using System.Net;
using System.Runtime.CompilerServices;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Vantage;
using Dashboard.Web.Vantage.Agents;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// An agent connected to another instance, as a vantage point here: each call goes to that instance, which sends it to
/// the agent and relays the answer (a scan's results in chunks, a listener's events live). The rules were applied here,
/// at the door the user came through.
/// </summary>
internal sealed class PeerVantagePoint(string instance, string agentId, string name, IReadOnlyList<string> addresses, PeerBus bus) : IVantagePoint
{
    public string Id => agentId;

    public string Name => name;

    /// <summary>The instance the agent is connected to.</summary>
    public string Instance => instance;

    /// <summary>Where the agent said it can be reached.</summary>
    public IReadOnlyList<string> Addresses => addresses;

    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var found = await bus.CallAsync<string[]>(instance, PeerOps.AgentResolve, new PeerArgs(agentId, Host: host), cancellationToken);
        return found is { Length: > 0 }
            ? [.. found.Select(IPAddress.Parse)]
            : throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
    }

    public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        bus.CallAsync<ProbeResult>(instance, PeerOps.AgentProbe, Args(request with { From = null }), cancellationToken);

    public Task<UdpSendResult> SendUdpAsync(UdpSendRequest request, CancellationToken cancellationToken) =>
        bus.CallAsync<UdpSendResult>(instance, PeerOps.AgentUdp, Args(request with { From = null }), cancellationToken);

    public Task<TcpSendResult> SendTcpAsync(TcpSendRequest request, CancellationToken cancellationToken) =>
        bus.CallAsync<TcpSendResult>(instance, PeerOps.AgentTcp, Args(request), cancellationToken);

    /// <summary>Planned at the agent through its instance, which takes the agent's answer only when it is a plan of this request.</summary>
    public async Task<ScanPlan> PlanScanAsync(ScanRequest request, CancellationToken cancellationToken)
    {
        var planned = await bus.CallAsync<AgentScanPlan>(instance, PeerOps.AgentPlan, Args(request with { From = null }), cancellationToken);
        return new ScanPlan([.. planned.Targets.Select(t => new ResolvedTarget(t.Label, IPAddress.Parse(t.Address)))], PortSpec.Parse(request.Ports),
            planned.TimeoutMs, planned.Concurrency, null, planned.DiscoverHosts);
    }

    public async IAsyncEnumerable<ScanEvent> ScanAsync(ScanPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The plan as checked here goes to the agent's instance, which sends it on as it is and takes only its results.
        await foreach (var chunk in bus.StreamAsync<AgentScanChunk>(instance, PeerOps.AgentScan, Args(AgentScanPlans.Order(plan)), cancellationToken))
        {
            foreach (var host in chunk.Hosts ?? [])
            {
                yield return host;
            }

            foreach (var port in chunk.AllPorts())
            {
                yield return port;
            }
        }
    }

    public async Task<IVantageListener> OpenListenerAsync(ListenerRequest request, string owner, CancellationToken cancellationToken)
    {
        var info = await bus.CallAsync<ListenerInfo>(instance, PeerOps.AgentListen,
            new PeerArgs(agentId, Request: AgentJson.ToElement(request with { From = null }), Owner: owner), cancellationToken);
        return new PeerListener(instance, info, this, bus);
    }

    /// <summary>The agent's listeners are listed through the instance it is connected to (<see cref="PeerDirectory"/>).</summary>
    public IReadOnlyList<IVantageListener> Listeners() => [];

    private PeerArgs Args<T>(T request) => new(agentId, Request: AgentJson.ToElement(request));
}
