using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Identify;
using Dashboard.Contracts.Trace;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Targets;
using Dashboard.Sockets.Identify;
using Dashboard.Sockets.Tracing;
using Dashboard.Sockets.Udp;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;

namespace Dashboard.Agent;

/// <summary>
/// Runs the dashboard's commands with this machine's engine, each checked first against the owner's policy; work
/// names its targets by address only (<see cref="CheckedWork"/>); at most <see cref="AgentOptions.MaxCommands"/> at once.
/// </summary>
public sealed partial class CommandRunner(AgentPolicy policy, CheckedWork checkedWork, TcpProber prober, TcpSender tcp, ScanPlanner planner, NetworkScanner scanner,
    UdpSender udp, Dashboard.Sockets.Tls.TlsChecker tlsChecker, Dashboard.Sockets.UnixSockets.UnixSocketClient unix, ServiceIdentifier identifier,
    Tracer tracer, AgentListeners listeners, IOptions<AgentOptions> options, ILogger<CommandRunner> logger)
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly AgentOptions _options = options.Value;

    public int Running => _running.Count;

    /// <summary>Whether the dashboard connected now reads scan results in columns (it said so in its welcome).</summary>
    public bool CompactScanChunks { get; set; }

    /// <summary>Whether the dashboard connected now takes a trace's hops as they come (it said so in its welcome).</summary>
    public bool TraceHopChunks { get; set; }

    /// <summary>Takes a command and returns at once: the hub's receive loop must never wait for a socket.</summary>
    public Task Accept(HubConnection connection, AgentCommand command)
    {
        if (_running.Count >= _options.MaxCommands)
        {
            _ = ReplyAsync(connection, new AgentReply(command.Id, null, ErrorKind.LimitReached,
                $"the agent runs {_options.MaxCommands} commands at once (--max-commands); wait for one to finish"));
            return Task.CompletedTask;
        }

        var cancel = new CancellationTokenSource();
        if (!_running.TryAdd(command.Id, cancel))
        {
            cancel.Dispose();
            _ = ReplyAsync(connection, new AgentReply(command.Id, null, ErrorKind.Conflict, $"command {command.Id} is already running"));
            return Task.CompletedTask;
        }

        _ = RunAsync(connection, command, cancel);
        return Task.CompletedTask;
    }

    public Task Cancel(string commandId)
    {
        if (_running.TryGetValue(commandId, out var cancel))
        {
            cancel.Cancel();
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops every command and listener: the dashboard that asked for them is gone.</summary>
    public async Task AbandonAllAsync(string reason)
    {
        foreach (var cancel in _running.Values)
        {
            await cancel.CancelAsync();
        }

        await listeners.StopAllAsync(reason);
    }

    private async Task RunAsync(HubConnection connection, AgentCommand command, CancellationTokenSource cancel)
    {
        AgentReply reply;
        try
        {
            reply = new AgentReply(command.Id, await ExecuteAsync(connection, command, cancel.Token));
        }
        catch (RequestRefusedException e)
        {
            AgentLog.Refused(logger, command.Id, command.Kind.ToString(), Escape(e.Message));
            reply = new AgentReply(command.Id, null, e.Kind, e.Message);
        }
        catch (JsonException e)
        {
            reply = new AgentReply(command.Id, null, ErrorKind.Invalid, $"the {command.Kind} command's payload is not valid: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            reply = new AgentReply(command.Id, null, ErrorKind.Conflict, "cancelled");
        }
        catch (Exception e)
        {
            AgentLog.Failed(logger, command.Id, command.Kind.ToString(), e);
            reply = new AgentReply(command.Id, null, ErrorKind.Conflict, $"the agent failed to run it: {e.GetType().Name}");
        }
        finally
        {
            _running.TryRemove(command.Id, out _);
            cancel.Dispose();
        }

        await ReplyAsync(connection, reply);
    }

    private async Task<JsonElement?> ExecuteAsync(HubConnection connection, AgentCommand command, CancellationToken cancellationToken)
    {
        var payload = command.Payload;
        switch (command.Kind)
        {
            case AgentCommandKind.Probe:
                var probe = AgentJson.Read<ProbeRequest>(payload);
                prober.Validate(probe);
                var probed = checkedWork.Target(probe.Host, probe.Port).ToString();
                return AgentJson.ToElement(await prober.ProbeAsync(probe with { Host = probed }, cancellationToken) with { Host = probe.Host.Trim() });
            case AgentCommandKind.Udp:
                var send = AgentJson.Read<UdpSendRequest>(payload);
                var sendTo = checkedWork.Target(send.Host, send.Port).ToString();
                return AgentJson.ToElement(await udp.SendAsync(send with { Host = sendTo }, cancellationToken));
            case AgentCommandKind.Tls:
                var tlsCheck = AgentJson.Read<Dashboard.Contracts.Tls.TlsCheckRequest>(payload);
                tlsChecker.Validate(tlsCheck);
                var tlsTo = checkedWork.Target(tlsCheck.Host, tlsCheck.Port).ToString();
                return AgentJson.ToElement(await tlsChecker.CheckAsync(tlsCheck with { Host = tlsTo }, cancellationToken) with { Host = tlsCheck.Host.Trim() });
            case AgentCommandKind.Identify:
                var identify = AgentJson.Read<IdentifyRequest>(payload);
                identifier.Validate(identify);
                var identifyAt = checkedWork.Target(identify.Host, identify.Port).ToString();
                return AgentJson.ToElement(await identifier.IdentifyAsync(identify with { Host = identifyAt }, cancellationToken) with { Host = identify.Host.Trim() });
            case AgentCommandKind.Trace:
                var trace = AgentJson.Read<TraceRequest>(payload);
                tracer.Validate(trace);
                var traceTo = checkedWork.Target(trace.Host, trace.Port);
                return AgentJson.ToElement(await tracer.TraceAsync(trace with { Host = traceTo.ToString() }, traceTo,
                    TraceHopChunks ? (hop, token) => SendHopAsync(connection, command.Id, hop, token) : null, cancellationToken));
            case AgentCommandKind.TcpSend:
                var tcpSend = AgentJson.Read<TcpSendRequest>(payload);
                var connectTo = checkedWork.Target(tcpSend.Host, tcpSend.Port).ToString();
                return AgentJson.ToElement(await tcp.SendAsync(tcpSend with { Host = connectTo }, cancellationToken));
            case AgentCommandKind.PlanScan:
                // Resolves the names where the agent stands, for the dashboard to check; nothing is sent.
                var plan = await PlanAsync(AgentJson.Read<ScanRequest>(payload), cancellationToken);
                return AgentJson.ToElement(new AgentScanPlan([.. plan.Targets.Select(t => new AgentTarget(t.Label, t.AddressText))], plan.Ports.Count,
                    plan.TimeoutMs, plan.Concurrency, plan.DiscoverHosts));
            case AgentCommandKind.RunScan:
                await ScanAsync(connection, command.Id, checkedWork.Scan(AgentJson.Read<AgentScanOrder>(payload)), cancellationToken);
                return null;
            case AgentCommandKind.Scan:
                throw new InvalidRequestException(
                    "the 'scan' command (a request this agent would resolve again) is refused: this agent runs only scans whose addresses the dashboard checked ('run-scan'); upgrade the dashboard");
            case AgentCommandKind.OpenListener:
                var open = AgentJson.Read<AgentListenerOpen>(payload);
                policy.CheckListenPort(open.Request.Port);
                return AgentJson.ToElement(listeners.Open(connection, open.Request, open.Owner, UnixAllowances(open.AllowedUnixDirectories)));
            case AgentCommandKind.CloseListener:
                var close = AgentJson.Read<AgentListenerClose>(payload);
                return AgentJson.ToElement(await listeners.CloseAsync(close.ListenerId, close.Reason));
            case AgentCommandKind.ListenerSend:
                var sendBy = AgentJson.Read<AgentListenerSend>(payload);
                return AgentJson.ToElement(await listeners.SendAsync(sendBy, cancellationToken));
            case AgentCommandKind.Unix:
                return AgentJson.ToElement(await UnixAsync(AgentJson.Read<Dashboard.Contracts.Unix.UnixSocketOrder>(payload), cancellationToken));
            case AgentCommandKind.Resolve:
                var name = AgentJson.Read<string>(payload);
                if (HostName.Problem(name) is { } nameProblem)
                {
                    throw new InvalidRequestException(nameProblem);
                }

                try
                {
                    return AgentJson.ToElement((await HostResolver.ResolveAsync(name, cancellationToken)).Select(a => a.ToString()).ToArray());
                }
                catch (SocketException)
                {
                    return AgentJson.ToElement(Array.Empty<string>());
                }
            default:
                throw new InvalidRequestException($"this agent does not know the command '{command.Kind}'");
        }
    }

    // The dashboard's directories and this agent owner's: a path must be under one of each.
    private Dashboard.Sockets.UnixSockets.UnixPathAllowance[] UnixAllowances(IReadOnlyList<string>? dashboards) =>
    [
        new("the dashboard's Policy:UnixSockets:AllowedDirectories", dashboards ?? []),
        Dashboard.Sockets.UnixSockets.UnixPathAllowance.Parse("this agent's --unix-dirs", _options.UnixDirs),
    ];

    private async Task<Dashboard.Contracts.Unix.UnixSocketAnswer> UnixAsync(Dashboard.Contracts.Unix.UnixSocketOrder order, CancellationToken cancellationToken)
    {
        var allowances = UnixAllowances(order.AllowedDirectories);
        return order switch
        {
            { Probe: { } probe, Send: null } => new(await unix.ProbeAsync(probe, allowances, "this agent", cancellationToken), null),
            { Probe: null, Send: { } send } => new(null, await unix.SendAsync(send, allowances, "this agent", cancellationToken)),
            _ => throw new InvalidRequestException("the unix command takes exactly one of probe and send"),
        };
    }

    private async Task<ScanPlan> PlanAsync(ScanRequest request, CancellationToken cancellationToken)
    {
        var plan = await planner.PlanAsync(request, cancellationToken);
        foreach (var target in plan.Targets)
        {
            policy.CheckTarget(target.Address, plan.Ports[0]);
        }

        foreach (var port in plan.Ports)
        {
            policy.CheckPort(port);
        }

        return plan;
    }

    private async Task ScanAsync(HubConnection connection, string commandId, ScanPlan plan, CancellationToken cancellationToken)
    {
        var chunks = new ScanChunkBuilder(DateTimeOffset.UtcNow, columns: CompactScanChunks);
        await foreach (var batch in Batches.ReadAsync(scanner.ScanAsync(plan, cancellationToken), _options.ScanChunkSize,
            TimeSpan.FromMilliseconds(100), cancellationToken))
        {
            // Sent without waiting for an answer: the dashboard takes chunks in order, one at a time, and when its
            // buffer for the scan is full it stops reading the connection, which stops this send: that is the back-pressure.
            await connection.SendAsync(AgentHubRoutes.ScanChunk, chunks.Build(commandId, batch), cancellationToken);
        }
    }

    // One hop a message: a trace has at most 64, and the person watching wants each as soon as it is known. Sent
    // without waiting for an answer, like a scan's chunks; the reply after them carries the whole trace.
    private static async ValueTask SendHopAsync(HubConnection connection, string commandId, TraceHop hop, CancellationToken cancellationToken) =>
        await connection.SendAsync(AgentHubRoutes.ScanChunk, new AgentScanChunk(commandId, null, [], TraceHops: [hop]), cancellationToken);

    private static async Task ReplyAsync(HubConnection connection, AgentReply reply)
    {
        try
        {
            await connection.InvokeAsync(AgentHubRoutes.Complete, reply);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Microsoft.AspNetCore.SignalR.HubException or OperationCanceledException)
        {
            // The connection dropped: the dashboard has already given up on this command.
        }
    }

    private static string Escape(string text) => string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));
}
