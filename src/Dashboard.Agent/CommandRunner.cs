using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Targets;
using Dashboard.Sockets.Udp;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;

namespace Dashboard.Agent;

/// <summary>
/// Runs the dashboard's commands with this machine's engine, each checked first against the owner's
/// policy on the address resolved here; at most <see cref="AgentOptions.MaxCommands"/> at once.
/// </summary>
public sealed partial class CommandRunner(AgentPolicy policy, TcpProber prober, TcpSender tcp, ScanPlanner planner, NetworkScanner scanner,
    UdpSender udp, AgentListeners listeners, IOptions<AgentOptions> options, ILogger<CommandRunner> logger)
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly AgentOptions _options = options.Value;

    public int Running => _running.Count;

    /// <summary>Whether the dashboard connected now reads scan results in columns (it said so in its welcome).</summary>
    public bool CompactScanChunks { get; set; }

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
                return AgentJson.ToElement(await CheckedAsync(probe.Host, probe.Port,
                    async address => (await prober.ProbeAsync(probe with { Host = address }, cancellationToken)) with { Host = probe.Host.Trim() },
                    () => prober.ProbeAsync(probe, cancellationToken), cancellationToken));
            case AgentCommandKind.Udp:
                var send = AgentJson.Read<UdpSendRequest>(payload);
                return AgentJson.ToElement(await CheckedAsync(send.Host, send.Port,
                    address => udp.SendAsync(send with { Host = address }, cancellationToken),
                    () => udp.SendAsync(send, cancellationToken), cancellationToken));
            case AgentCommandKind.TcpSend:
                var tcpSend = AgentJson.Read<TcpSendRequest>(payload);
                return AgentJson.ToElement(await CheckedAsync(tcpSend.Host, tcpSend.Port,
                    address => tcp.SendAsync(tcpSend with { Host = address }, cancellationToken),
                    () => tcp.SendAsync(tcpSend, cancellationToken), cancellationToken));
            case AgentCommandKind.PlanScan:
                var plan = await PlanAsync(AgentJson.Read<ScanRequest>(payload), cancellationToken);
                return AgentJson.ToElement(new AgentScanPlan([.. plan.Targets.Select(t => new AgentTarget(t.Label, t.AddressText))], plan.Ports.Count,
                    plan.TimeoutMs, plan.Concurrency, plan.DiscoverHosts));
            case AgentCommandKind.Scan:
                await ScanAsync(connection, command.Id, await PlanAsync(AgentJson.Read<ScanRequest>(payload), cancellationToken), cancellationToken);
                return null;
            case AgentCommandKind.OpenListener:
                var open = AgentJson.Read<AgentListenerOpen>(payload);
                policy.CheckListenPort(open.Request.Port);
                return AgentJson.ToElement(listeners.Open(connection, open.Request, open.Owner));
            case AgentCommandKind.CloseListener:
                var close = AgentJson.Read<AgentListenerClose>(payload);
                return AgentJson.ToElement(await listeners.CloseAsync(close.ListenerId, close.Reason));
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

    /// <summary>
    /// Resolves here, checks the owner's policy on the address, and runs <paramref name="run"/> on that address
    /// (so the address checked is the address used); a name that does not resolve is reported by the engine itself.
    /// </summary>
    private async Task<T> CheckedAsync<T>(string host, int port, Func<string, Task<T>> run, Func<Task<T>> unresolved, CancellationToken cancellationToken)
    {
        if ((HostName.Problem(host) ?? PortNumber.Problem(port)) is { } problem)
        {
            throw new InvalidRequestException(problem);
        }

        IPAddress address;
        try
        {
            address = (await HostResolver.ResolveAsync(host, cancellationToken))[0];
        }
        catch (SocketException)
        {
            return await unresolved();
        }

        policy.CheckTarget(address, port);
        return await run(address.ToString());
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
