using System.Net;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>
/// An agent as a vantage point: each call is a command sent to its live connection and answered in contract records.
/// Names are resolved at the agent (<see cref="ResolveAsync"/>, a scan's plan); the work itself names addresses only,
/// those the services checked, and what comes back is taken only as far as it answers that work (<see cref="AgentScanGuard"/>).
/// The agent is reached through its <see cref="IAgentLink"/>: its connection here, or the instance it is connected to.
/// </summary>
public sealed partial class RemoteVantagePoint : IVantagePoint
{
    private readonly string agentId;
    private readonly string name;
    private readonly IAgentLink link;
    private readonly RemoteListeners listeners;
    private readonly ScanOptions scanBounds;
    private readonly ILogger logger;

    internal RemoteVantagePoint(string agentId, string name, IAgentLink link, RemoteListeners listeners, ScanOptions scanBounds, ILogger logger) =>
        (this.agentId, this.name, this.link, this.listeners, this.scanBounds, this.logger) = (agentId, name, link, listeners, scanBounds, logger);

    public string Id => agentId;

    public string Name => name;

    public IReadOnlyList<string> Addresses => link.Hello?.Addresses ?? [];

    /// <summary>Resolves at the agent: its resolver, its hosts file, its split-horizon DNS.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = await CallAsync<string[]>(AgentCommandKind.Resolve, host, cancellationToken);
        var parsed = new List<IPAddress>();
        foreach (var text in (addresses ?? []).Take(MaxResolved))
        {
            parsed.Add(text is not null && HostName.TryParseAddress(text, out var address)
                ? address
                : throw RequestRefusedException.Conflict($"agent {name} resolved '{AgentText.Clean(host, AgentText.MaxName)}' to something that is not an IP address"));
        }

        return parsed.Count > 0 ? [.. parsed] : throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
    }

    /// <summary>The most addresses of one name taken from an agent.</summary>
    public const int MaxResolved = 64;

    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        AgentRecords.Probe(await CallAsync<ProbeResult>(AgentCommandKind.Probe, request with { From = null }, cancellationToken), request.Host, Aimed(request.Host));

    public async Task<UdpSendResult> SendUdpAsync(UdpSendRequest request, CancellationToken cancellationToken)
    {
        var sent = await CallAsync<UdpSendResult>(AgentCommandKind.Udp, request with { From = null }, cancellationToken);
        return sent with
        {
            Host = request.Host, Address = Aimed(request.Host), Port = request.Port, CodeName = AgentText.Clean(sent.CodeName, AgentText.MaxName),
            Message = AgentText.Clean(sent.Message, AgentText.MaxLine), LocalEndPoint = AgentText.EndPoint(sent.LocalEndPoint), Replies = sent.Replies ?? [],
            Id = null, From = null,
        };
    }

    /// <summary>An agent without the <c>tls</c> capability is refused with a Conflict before anything is sent.</summary>
    public async Task<Contracts.Tls.TlsCheckResult> CheckTlsAsync(Contracts.Tls.TlsCheckRequest request, CancellationToken cancellationToken)
    {
        RequireConnected();
        if (link.Hello?.Capabilities?.Contains(AgentCapabilities.Tls) != true)
        {
            throw RequestRefusedException.Conflict(
                $"from: agent {name} (version {AgentText.Clean(link.Hello?.Version ?? "unknown", AgentText.MaxName)}) cannot check TLS; upgrade the agent");
        }

        var checkedTls = await CallAsync<Contracts.Tls.TlsCheckResult>(AgentCommandKind.Tls, request with { From = null }, cancellationToken);
        return Tls.AgentTlsRecords.Clean(checkedTls, request, Aimed(request.Host));
    }

    public async Task<Contracts.Identify.IdentifyResult> IdentifyAsync(Contracts.Identify.IdentifyRequest request, CancellationToken cancellationToken)
    {
        RequireConnected();
        if (link.Hello?.Capabilities?.Contains(AgentCapabilities.Identify) != true)
        {
            throw RequestRefusedException.Conflict(
                $"agent {name} (version {AgentText.Clean(link.Hello?.Version ?? "unknown", AgentText.MaxName)}) cannot identify services; upgrade the agent");
        }

        // The whole result comes back at once: an identification is bounded in seconds, nothing to stream.
        var found = await CallAsync<Contracts.Identify.IdentifyResult>(AgentCommandKind.Identify, request with { From = null }, cancellationToken);
        return AgentIdentify.Accept(found, request, Aimed(request.Host));
    }

    /// <summary>
    /// The agent's hops passed on as it streams them (an agent that does not stream them: all at the end), then its whole
    /// trace, taken only as far as it answers the request.
    /// </summary>
    public async Task<Contracts.Trace.TraceResult> TraceAsync(Contracts.Trace.TraceRequest request,
        Func<Contracts.Trace.TraceHop, CancellationToken, ValueTask>? onHop, CancellationToken cancellationToken)
    {
        RequireConnected();
        if (link.Hello?.Capabilities?.Contains(AgentCapabilities.Trace) != true)
        {
            throw RequestRefusedException.Conflict(
                $"from: agent {name} (version {AgentText.Clean(link.Hello?.Version ?? "unknown", AgentText.MaxName)}) cannot trace; upgrade the agent");
        }

        if (request.Protocol == Contracts.Trace.TraceProtocol.Udp && link.Hello?.Capabilities?.Contains(AgentCapabilities.TraceUdp) != true)
        {
            throw RequestRefusedException.Conflict(
                $"from: agent {name} (version {AgentText.Clean(link.Hello?.Version ?? "unknown", AgentText.MaxName)}) cannot trace to a UDP port (capability {AgentCapabilities.TraceUdp}); upgrade the agent");
        }

        var live = new LiveTraceHops(name, request, onHop);
        var traced = AgentTraces.Accept(name, request, await CallAsync<Contracts.Trace.TraceResult>(AgentCommandKind.Trace, request with { From = null },
            cancellationToken, chunk => live.TakeAsync(chunk, cancellationToken)));
        foreach (var hop in traced.Hops.Skip(live.Passed))
        {
            await (onHop?.Invoke(hop, cancellationToken) ?? ValueTask.CompletedTask);
        }

        return traced;
    }

    public async Task<TcpSendResult> SendTcpAsync(TcpSendRequest request, CancellationToken cancellationToken)
    {
        var sent = await CallAsync<TcpSendResult>(AgentCommandKind.TcpSend, request, cancellationToken);
        return sent with { Connect = AgentRecords.Probe(sent.Connect, request.Host, Aimed(request.Host)) };
    }

    /// <summary>The agent checks the path against the dashboard's directories (in the order) and its owner's; its texts are cleaned and bounded.</summary>
    public async Task<Contracts.Unix.UnixSocketAnswer> UseUnixSocketAsync(Contracts.Unix.UnixSocketOrder order, CancellationToken cancellationToken)
    {
        RequireConnected();
        if (link.Hello?.Capabilities?.Contains(AgentCapabilities.UnixSockets) != true)
        {
            throw RequestRefusedException.Conflict(
                $"from: agent {name} (version {AgentText.Clean(link.Hello?.Version ?? "unknown", AgentText.MaxName)}) cannot probe Unix sockets; upgrade the agent");
        }

        var forAgent = order with { Probe = order.Probe is null ? null : order.Probe with { From = null }, Send = order.Send is null ? null : order.Send with { From = null } };
        var answer = await CallAsync<Contracts.Unix.UnixSocketAnswer>(AgentCommandKind.Unix, forAgent, cancellationToken);
        return Dashboard.Web.Features.UnixSockets.UnixAgentAnswers.Accept(name, order, answer);
    }

    // The address a literal host is connected at, as the engine writes it (IPv4-mapped as IPv4).
    private static string? Aimed(string host) => HostName.TryParseAddress(host.Trim(), out var address) ? TargetSpec.Unmapped(address).ToString() : null;

    private void RequireConnected()
    {
        if (!link.IsConnected)
        {
            throw RequestRefusedException.Conflict($"from: agent {name} is offline; it must be connected to run work");
        }
    }

    // With onChunk, what the agent streams before its reply is handed to it as it comes, within the same timeout.
    private async Task<T> CallAsync<T>(AgentCommandKind kind, object payload, CancellationToken cancellationToken,
        Func<AgentScanChunk, ValueTask>? onChunk = null)
    {
        RequireConnected();
        var pending = await link.SendAsync(kind, payload, streams: onChunk is not null, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(link.CommandTimeoutSeconds));
        AgentReply reply;
        try
        {
            if (onChunk is not null)
            {
                await ReadChunksAsync(pending, onChunk, timeout.Token);
            }

            reply = await pending.Reply.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await link.CancelAsync(pending.Id);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw RequestRefusedException.Conflict($"agent {name} did not answer within {link.CommandTimeoutSeconds} s");
        }
        catch (VantageLostException e)
        {
            throw RequestRefusedException.Conflict(e.Message);
        }
        catch (RequestRefusedException) when (!pending.Reply.Task.IsCompleted)
        {
            // What it streamed broke the rules: the rest is not wanted.
            await link.CancelAsync(pending.Id);
            throw;
        }

        if (reply.ErrorKind is { } errorKind)
        {
            throw new RequestRefusedException(errorKind, $"agent {name}: {AgentText.Clean(reply.Error, AgentText.MaxLine)}");
        }

        try
        {
            return reply.Result is { } result ? AgentJson.Read<T>(result) : throw RequestRefusedException.Conflict($"agent {name} answered without a result");
        }
        catch (System.Text.Json.JsonException)
        {
            throw RequestRefusedException.Conflict($"agent {name} answered the {kind} command with something that is not its result");
        }
    }
}
