using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Trace;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Targets;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Tracing;

/// <summary>What a validated trace request asks for, defaults filled in.</summary>
public sealed record TracePlan(int MaxHops, int Tries, int TimeoutMs);

/// <summary>
/// Traces to a TCP port without privilege (Linux): connects with TTL 1, 2, 3… and reads the ICMP answers of the hops
/// from each socket's error queue. Several hops are probed at once (<see cref="TraceOptions.ProbesInFlight"/>); each
/// socket is one of the <see cref="SocketBudget"/>. Hops are reported in order as soon as all their tries are back.
/// </summary>
public sealed class Tracer
{
    private readonly TraceOptions _options;
    private readonly TimeProvider _time;
    private readonly SocketBudget? _budget;
    private readonly Func<AddressFamily, Socket> _newSocket;
    private readonly Func<AddressFamily, Socket> _newUdpSocket;

    public Tracer(IOptions<TraceOptions> options, TimeProvider time, SocketBudget? budget = null)
        : this(options, time, budget, family => new Socket(family, SocketType.Stream, ProtocolType.Tcp),
            family => new Socket(family, SocketType.Dgram, ProtocolType.Udp))
    {
    }

    /// <summary>
    /// A tracer whose TCP sockets come from <paramref name="newSocket"/> and UDP sockets from <paramref name="newUdpSocket"/>
    /// (tests: sockets made inside a network namespace).
    /// </summary>
    internal Tracer(IOptions<TraceOptions> options, TimeProvider time, SocketBudget? budget, Func<AddressFamily, Socket> newSocket,
        Func<AddressFamily, Socket>? newUdpSocket = null)
    {
        _options = options.Value;
        _time = time;
        _budget = budget;
        _newSocket = newSocket;
        _newUdpSocket = newUdpSocket ?? (family => new Socket(family, SocketType.Dgram, ProtocolType.Udp));
    }

    /// <summary>Checks a request against the rules and the configured bounds; the plan with defaults filled in.</summary>
    /// <exception cref="InvalidRequestException">What is wrong and what is allowed.</exception>
    public TracePlan Validate(TraceRequest? request)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { host, port, protocol?, maxHops?, tries?, timeoutMs? }");
        }

        var problem = HostName.Problem(request.Host) ?? PortNumber.Problem(request.Port)
            ?? (request.Protocol is null or TraceProtocol.Tcp or TraceProtocol.Udp ? null : $"protocol must be tcp or udp, got {request.Protocol}")
            ?? Bounds.Problem("maxHops", request.MaxHops, _options.MaxHops)
            ?? Bounds.Problem("tries", request.Tries, TraceOptions.TriesCeiling)
            ?? Bounds.Problem("timeoutMs", request.TimeoutMs, _options.MaxTimeoutMs);
        return problem is null
            ? new TracePlan(request.MaxHops ?? Math.Min(_options.DefaultMaxHops, _options.MaxHops), request.Tries ?? _options.DefaultTries,
                request.TimeoutMs ?? _options.DefaultTimeoutMs)
            : throw new InvalidRequestException(problem);
    }

    /// <summary>Traces to <paramref name="address"/> (already resolved and allowed) and the request's port.</summary>
    /// <param name="request">What to trace; its host is reported back as given.</param>
    /// <param name="address">The literal address to trace to.</param>
    /// <param name="onHop">Called with each hop, in order, once all its tries are back.</param>
    /// <param name="cancellationToken">Stops the trace; then <see cref="OperationCanceledException"/> is thrown.</param>
    /// <exception cref="InvalidRequestException">The request breaks a rule.</exception>
    /// <exception cref="RequestRefusedException">Not Linux (conflict), or no socket of the budget is free (limit reached).</exception>
    public async Task<TraceResult> TraceAsync(TraceRequest request, IPAddress address, Func<TraceHop, CancellationToken, ValueTask>? onHop,
        CancellationToken cancellationToken)
    {
        var plan = Validate(request);
        if (!OperatingSystem.IsLinux())
        {
            throw RequestRefusedException.Conflict(
                "a trace reads the hops' ICMP answers from a socket's error queue (IP_RECVERR), which only Linux has: trace from a Linux agent");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var at = _time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var target = new IPEndPoint(address, request.Port);
        var run = new TraceRun(plan.MaxHops, plan.Tries, _options.SilentHopsToStop);
        var udp = request.Protocol == TraceProtocol.Udp;
        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        total.CancelAfter(_options.MaxTotalMs);
        var hops = new List<TraceHop>();
        var running = new Dictionary<Task<TraceTry>, InFlight>();
        try
        {
            var (nextHop, nextTry) = (1, 0);
            while (true)
            {
                while (running.Count < _options.ProbesInFlight && nextHop <= run.StopAt && !total.IsCancellationRequested)
                {
                    var lease = await LeaseAsync(running.Count, total.Token);
                    if (lease is null)
                    {
                        break;
                    }

                    var probe = new InFlight(nextHop, nextTry, CancellationTokenSource.CreateLinkedTokenSource(total.Token), lease);
                    running.Add(udp
                        ? UdpTraceProbe.SendAsync(_newUdpSocket, target, nextHop, plan.TimeoutMs, probe.Stop.Token)
                        : TraceProbe.SendAsync(_newSocket, target, nextHop, plan.TimeoutMs, probe.Stop.Token), probe);
                    (nextHop, nextTry) = nextTry + 1 == plan.Tries ? (nextHop + 1, 0) : (nextHop, nextTry + 1);
                }

                if (running.Count == 0)
                {
                    break;
                }

                var done = await Task.WhenAny(running.Keys);
                var finished = running[done];
                running.Remove(done);
                finished.Dispose();
                run.Record(finished.Hop, finished.Try, await OutcomeOf(done, cancellationToken));
                foreach (var beyond in running.Values.Where(p => p.Hop > run.StopAt))
                {
                    await beyond.Stop.CancelAsync();
                }

                foreach (var hop in run.TakeCompleted())
                {
                    hops.Add(hop);
                    await (onHop?.Invoke(hop, cancellationToken) ?? ValueTask.CompletedTask);
                }
            }

            foreach (var hop in run.TakeRest())
            {
                hops.Add(hop);
                await (onHop?.Invoke(hop, cancellationToken) ?? ValueTask.CompletedTask);
            }
        }
        finally
        {
            foreach (var probe in running.Values)
            {
                await probe.Stop.CancelAsync();
                probe.Dispose();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var timedOut = total.IsCancellationRequested;
        var (outcome, verdict) = TraceVerdicts.Decide(hops, target, plan.MaxHops, timedOut, udp);
        return new TraceResult(request.Host.Trim(), address.ToString(), request.Port, udp ? TraceProtocol.Udp : TraceProtocol.Tcp, outcome, verdict, hops,
            Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3), at);
    }

    // A try stopped because the hop is beyond the end, or the total time ran out, is recorded as unanswered (and
    // dropped by the run when it is beyond the end); a try that could not get a descriptor ends the trace.
    private async Task<TraceTry> OutcomeOf(Task<TraceTry> done, CancellationToken cancellationToken)
    {
        try
        {
            return await done;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TraceTry(TraceReply.NoReply, null, null, null, null, "stopped before an answer came");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TooManyOpenSockets)
        {
            throw SocketBudget.NoDescriptor("a trace", e, _budget);
        }
    }

    // The first socket waits up to the usual lease time, then the trace is refused; later ones wait for those in flight.
    private async ValueTask<IDisposable?> LeaseAsync(int inFlight, CancellationToken cancellationToken)
    {
        if (_budget is null)
        {
            return NoLease.Instance;
        }

        if (_budget.TryLease() is { } lease)
        {
            return lease;
        }

        return inFlight > 0 ? null : await _budget.LeaseAsync(SocketBudget.LeaseWait, cancellationToken) ?? throw _budget.Spent("a trace");
    }

    private sealed record InFlight(int Hop, int Try, CancellationTokenSource Stop, IDisposable Lease) : IDisposable
    {
        public void Dispose()
        {
            Stop.Dispose();
            Lease.Dispose();
        }
    }

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }
}
