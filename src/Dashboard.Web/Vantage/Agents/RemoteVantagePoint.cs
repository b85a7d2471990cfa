using System.Net;
using System.Runtime.CompilerServices;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Targets;

namespace Dashboard.Web.Vantage.Agents;

/// <summary>
/// An agent as a vantage point: each call is a command sent to its live connection and answered in
/// contract records; names are resolved and the agent's own policy is checked where it stands.
/// </summary>
public sealed class RemoteVantagePoint(string agentId, string name, AgentConnections connections, RemoteListeners listeners) : IVantagePoint
{
    // A scan is planned at the agent, then run from its request: the agent plans it again and checks its policy again.
    private static readonly ConditionalWeakTable<ScanPlan, ScanRequest> PlannedRequests = [];

    public string Id => agentId;

    public string Name => name;

    /// <summary>Resolves at the agent: its resolver, its hosts file, its split-horizon DNS.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = await CallAsync<string[]>(AgentCommandKind.Resolve, host, cancellationToken);
        return addresses.Length > 0
            ? [.. addresses.Select(IPAddress.Parse)]
            : throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
    }

    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        await CallAsync<ProbeResult>(AgentCommandKind.Probe, request with { From = null }, cancellationToken);

    public async Task<UdpSendResult> SendUdpAsync(UdpSendRequest request, CancellationToken cancellationToken) =>
        await CallAsync<UdpSendResult>(AgentCommandKind.Udp, request with { From = null }, cancellationToken);

    public Task<TcpSendResult> SendTcpAsync(TcpSendRequest request, CancellationToken cancellationToken) =>
        CallAsync<TcpSendResult>(AgentCommandKind.TcpSend, request, cancellationToken);

    public async Task<ScanPlan> PlanScanAsync(ScanRequest request, CancellationToken cancellationToken)
    {
        var request2 = request with { From = null };
        var planned = await CallAsync<AgentScanPlan>(AgentCommandKind.PlanScan, request2, cancellationToken);
        var ports = PortSpec.Parse(request.Ports);
        if (ports.Length != planned.PortCount)
        {
            throw RequestRefusedException.Conflict($"agent {name} planned {planned.PortCount} ports where the dashboard reads {ports.Length} in '{request.Ports}'");
        }

        var targets = planned.Targets.Select(t => new ResolvedTarget(t.Label, IPAddress.Parse(t.Address))).ToList();
        var plan = new ScanPlan(targets, ports, planned.TimeoutMs, planned.Concurrency, null, planned.DiscoverHosts);
        PlannedRequests.AddOrUpdate(plan, request2);
        return plan;
    }

    public async IAsyncEnumerable<ScanEvent> ScanAsync(ScanPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!PlannedRequests.TryGetValue(plan, out var request))
        {
            throw new InvalidOperationException("a scan at an agent must be planned at that agent first");
        }

        var agent = Connected();
        var pending = await connections.SendAsync(agent, AgentCommandKind.Scan, request, streams: true, cancellationToken);
        var reader = pending.Chunks!.Reader;
        try
        {
            while (await WaitAsync(reader, cancellationToken))
            {
                while (reader.TryRead(out var chunk))
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
        }
        finally
        {
            if (!pending.Reply.Task.IsCompleted)
            {
                await connections.CancelAsync(agent, pending.Id);
            }
        }
    }

    // A scan's stream ends with the agent's refusal or with the agent lost, whichever way the channel reports it.
    private static async Task<bool> WaitAsync(System.Threading.Channels.ChannelReader<AgentScanChunk> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken);
        }
        catch (System.Threading.Channels.ChannelClosedException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    public async Task<IVantageListener> OpenListenerAsync(ListenerRequest request, string owner, CancellationToken cancellationToken)
    {
        var info = await CallAsync<ListenerInfo>(AgentCommandKind.OpenListener, new AgentListenerOpen(request with { From = null }, owner),
            cancellationToken);
        return Mirror(info);
    }

    public IReadOnlyList<IVantageListener> Listeners() => [.. listeners.All().Where(l => l.Vantage.Id == agentId)];

    /// <summary>The mirror of one of this agent's listeners.</summary>
    internal RemoteListener Mirror(ListenerInfo info) => listeners.GetOrAdd(agentId, this, info, CloseAsync);

    private async Task CloseAsync(RemoteListener listener, string reason, CancellationToken cancellationToken)
    {
        if (connections.Find(agentId) is null)
        {
            listener.Interrupt($"agent {name} is offline");
            return;
        }

        var info = await CallAsync<ListenerInfo>(AgentCommandKind.CloseListener, new AgentListenerClose(listener.Id, reason), cancellationToken);
        listener.Apply(new AgentListenerUpdate(info, []));
    }

    private ConnectedAgent Connected() =>
        connections.Find(agentId) ?? throw RequestRefusedException.Conflict($"from: agent {name} is offline; it must be connected to run work");

    private async Task<T> CallAsync<T>(AgentCommandKind kind, object payload, CancellationToken cancellationToken)
    {
        var agent = Connected();
        var pending = await connections.SendAsync(agent, kind, payload, streams: false, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(connections.Options.CommandTimeoutSeconds));
        AgentReply reply;
        try
        {
            reply = await pending.Reply.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await connections.CancelAsync(agent, pending.Id);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw RequestRefusedException.Conflict($"agent {name} did not answer within {connections.Options.CommandTimeoutSeconds} s");
        }
        catch (VantageLostException e)
        {
            throw RequestRefusedException.Conflict(e.Message);
        }

        if (reply.ErrorKind is { } errorKind)
        {
            throw new RequestRefusedException(errorKind, $"agent {name}: {reply.Error}");
        }

        return reply.Result is { } result ? AgentJson.Read<T>(result) : throw RequestRefusedException.Conflict($"agent {name} answered without a result");
    }
}
