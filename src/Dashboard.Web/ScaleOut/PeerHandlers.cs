using System.Text.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Vantage;
using Dashboard.Web.Vantage.Agents;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// The answering side of <see cref="PeerBus"/>: what another instance asks of this one, on what runs here (an agent
/// connected here, a listener or a scan of this process). The asking instance has already applied every rule (role,
/// policy, quota, audit) at its door; here the work is only done.
/// </summary>
internal sealed class PeerHandlers(ScanJobs scans, VantagePoints points, AgentConnections agents)
{
    /// <summary>The error kind of work whose vantage point went away.</summary>
    public const string Lost = "lost";

    /// <summary>Port results in one relayed chunk of an agent's scan.</summary>
    public const int ChunkEvents = 2_048;

    public static bool IsStream(string op) => op is PeerOps.ListenerWatch or PeerOps.AgentScan;

    public async Task<object?> CallAsync(string op, PeerArgs args, CancellationToken cancellationToken) => op switch
    {
        PeerOps.ScanCancel => CancelScan(args),
        PeerOps.ListenersList => points.Listeners().Select(l => l.Info()).ToArray(),
        PeerOps.ListenerInfo => FindListener(args.Id)?.Info(),
        PeerOps.ListenerEvents => Listener(args.Id).EventsAfter(args.After, Math.Clamp(args.Max, 1, Features.Listeners.ListenerService.MaxEventsPerRead)),
        PeerOps.ListenerStop => await StopListenerAsync(args, cancellationToken),
        PeerOps.ListenerSend => await Listener(args.Id).SendAsync(Request<ListenerSendRequest>(args), args.Owner ?? "", cancellationToken),
        PeerOps.AgentResolve => (await Agent(args).ResolveAsync(args.Host ?? "", cancellationToken)).Select(a => a.ToString()).ToArray(),
        PeerOps.AgentProbe => await Agent(args).ProbeAsync(Request<ProbeRequest>(args), cancellationToken),
        PeerOps.AgentUdp => await Agent(args).SendUdpAsync(Request<UdpSendRequest>(args), cancellationToken),
        PeerOps.AgentTcp => await Agent(args).SendTcpAsync(Request<TcpSendRequest>(args), cancellationToken),
        PeerOps.AgentPlan => PlanOf(await Agent(args).PlanScanAsync(Request<ScanRequest>(args), cancellationToken)),
        PeerOps.AgentDisconnect => Disconnect(args),
        PeerOps.AgentListen => (await Agent(args).OpenListenerAsync(Request<ListenerRequest>(args), args.Owner ?? "", cancellationToken)).Info(),
        _ => throw new InvalidRequestException($"op must be one this instance answers, got '{op}'"),
    };

    public IAsyncEnumerable<object> StreamAsync(string op, PeerArgs args, CancellationToken cancellationToken) => op switch
    {
        PeerOps.ListenerWatch => Boxed(Listener(args.Id).WatchAsync(cancellationToken), cancellationToken),
        PeerOps.AgentScan => ScanAtAgentAsync(args, cancellationToken),
        _ => throw new InvalidRequestException($"op must be a stream this instance answers, got '{op}'"),
    };

    private bool Disconnect(PeerArgs args)
    {
        var connected = agents.Find(args.Id ?? "") is not null;
        agents.Disconnect(args.Id ?? "");
        return connected;
    }

    private bool CancelScan(PeerArgs args)
    {
        // Only scans of this process: a stored one (or another instance's mirror) is not this instance's to stop.
        var job = scans.Recent().FirstOrDefault(j => j.Id == args.Id);
        job?.Cancel(args.Reason ?? "cancelled from another instance");
        return job is not null;
    }

    private async Task<ListenerInfo> StopListenerAsync(PeerArgs args, CancellationToken cancellationToken)
    {
        var listener = Listener(args.Id);
        await listener.StopAsync(args.Reason ?? "closed from another instance", cancellationToken);
        return listener.Info();
    }

    private IVantageListener? FindListener(string? id)
    {
        try
        {
            return points.Listener(id);
        }
        catch (RequestRefusedException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    private IVantageListener Listener(string? id) => points.Listener(id);

    private RemoteVantagePoint Agent(PeerArgs args) =>
        agents.Find(args.Id ?? "") is { } agent
            ? points.Remote(agent)
            : throw RequestRefusedException.Conflict($"from: agent {args.Id} is no longer connected to the instance it was connected to; try again");

    private static T Request<T>(PeerArgs args) =>
        args.Request is { } request ? AgentJson.Read<T>(request) : throw new InvalidRequestException("request is required");

    internal static AgentScanPlan PlanOf(Sockets.Scanning.ScanPlan plan) =>
        new([.. plan.Targets.Select(t => new AgentTarget(t.Label, t.AddressText))], plan.Ports.Count, plan.TimeoutMs, plan.Concurrency, plan.DiscoverHosts);

    /// <summary>Sends the plan the asking instance checked to the agent as it is, and relays the results that answer it in chunks.</summary>
    private async IAsyncEnumerable<object> ScanAtAgentAsync(PeerArgs args, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var agent = Agent(args);
        var plan = AgentScanPlans.FromOrder(Request<AgentScanOrder>(args));
        var hosts = new List<HostResult>();
        var ports = new List<ProbeResult>();
        await using var events = agent.ScanAsync(plan, cancellationToken).GetAsyncEnumerator(cancellationToken);
        ValueTask<bool> pending = default;
        var hasPending = false;
        while (hasPending ? await pending : await events.MoveNextAsync())
        {
            hasPending = false;
            Add(events.Current);
            var ended = false;
            // Takes what is already there without waiting: a chunk is whatever arrived meanwhile, never a wait for more.
            while (hosts.Count + ports.Count < ChunkEvents)
            {
                var step = events.MoveNextAsync();
                if (!step.IsCompleted)
                {
                    (pending, hasPending) = (step, true);
                    break;
                }

                if (!step.Result)
                {
                    ended = true;
                    break;
                }

                Add(events.Current);
            }

            yield return new AgentScanChunk("", hosts.Count > 0 ? [.. hosts] : null, [.. ports]);
            (hosts, ports) = ([], []);
            if (ended)
            {
                yield break;
            }
        }

        void Add(Sockets.Scanning.ScanEvent item)
        {
            if (item.Host is { } host)
            {
                hosts.Add(host);
            }
            else if (item.Port is { } port)
            {
                ports.Add(port);
            }
        }
    }

    private static async IAsyncEnumerable<object> Boxed<T>(IAsyncEnumerable<T> items, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            yield return item!;
        }
    }

    /// <summary>The error to send back for <paramref name="e"/>, or null for a failure to log.</summary>
    public static (string Kind, string Message)? ErrorOf(Exception e) => e switch
    {
        RequestRefusedException refused => (refused.Kind.ToString(), refused.Message),
        VantageLostException lost => (Lost, lost.Message),
        JsonException => (nameof(ErrorKind.Invalid), "the request from the other instance could not be read"),
        _ => null,
    };
}
