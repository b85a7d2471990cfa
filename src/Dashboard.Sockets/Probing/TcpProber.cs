using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Targets;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Probing;

/// <summary>
/// The TCP connect probe with <c>connect_ex</c> semantics: every expected outcome (refused,
/// timed out, unreachable, unresolved) is a <see cref="ProbeResult"/>, never an exception.
/// </summary>
public sealed class TcpProber(IOptions<ProbeOptions> options, TimeProvider timeProvider, SocketBudget? budget = null)
{
    private readonly ProbeOptions _options = options.Value;

    /// <summary>Checks a request against the rules and the configured bounds; returns the timeout to use.</summary>
    /// <exception cref="InvalidRequestException">What is wrong and what is allowed.</exception>
    public int Validate(ProbeRequest? request)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { host, port, timeoutMs? }");
        }

        var problem = HostName.Problem(request.Host) ?? PortNumber.Problem(request.Port) ?? TimeoutProblem(request.TimeoutMs);
        return problem is null ? request.TimeoutMs ?? _options.DefaultTimeoutMs : throw new InvalidRequestException(problem);
    }

    /// <summary>Why <paramref name="timeoutMs"/> is out of bounds, or null when it is allowed (null means the default).</summary>
    public string? TimeoutProblem(int? timeoutMs) => Bounds.Problem("timeoutMs", timeoutMs, _options.MaxTimeoutMs);

    /// <summary>Resolves the host, connects to the first address with the timeout, and reports what happened.</summary>
    /// <exception cref="InvalidRequestException">The request breaks a rule; no socket was touched.</exception>
    /// <exception cref="RequestRefusedException">Limit reached: no socket of the budget came free within <see cref="SocketBudget.LeaseWait"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var timeoutMs = Validate(request);
        cancellationToken.ThrowIfCancellationRequested();
        var at = timeProvider.GetUtcNow();

        IPAddress address;
        using (var resolveTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            resolveTimeout.CancelAfter(Math.Max(timeoutMs, 1_000));
            try
            {
                address = (await HostResolver.ResolveAsync(request.Host, resolveTimeout.Token))[0];
            }
            catch (SocketException e)
            {
                return ProbeOutcomes.NotResolved(request.Host, request.Port, NativeError.Of(e.SocketErrorCode), at);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return ProbeOutcomes.NotResolved(request.Host, request.Port, NativeError.Of(SocketError.TryAgain), at);
            }
        }

        using var lease = budget is null ? null : await budget.LeaseAsync(SocketBudget.LeaseWait, cancellationToken) ?? throw budget.Spent("a probe");
        try
        {
            return await ConnectAsync(new ResolvedTarget(request.Host.Trim(), address), request.Port, timeoutMs, cancellationToken);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TooManyOpenSockets)
        {
            throw SocketBudget.NoDescriptor("a probe", e, budget);
        }
    }

    /// <summary>One connect attempt to an address already resolved and validated; the caller holds its place in the socket budget.</summary>
    /// <param name="target">Where to connect, and the host as the user gave it, reported back in the result.</param>
    /// <param name="port">The port to connect to.</param>
    /// <param name="timeoutMs">How long to wait for the handshake.</param>
    /// <param name="cancellationToken">Stops the attempt; then <see cref="OperationCanceledException"/> is thrown.</param>
    /// <param name="bindTo">A local endpoint to bind first, as <c>bind()</c> before <c>connect()</c>.</param>
    public async Task<ProbeResult> ConnectAsync(ResolvedTarget target, int port, int timeoutMs,
        CancellationToken cancellationToken, IPEndPoint? bindTo = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var at = timeProvider.GetUtcNow();
        var remoteEndPoint = new IPEndPoint(target.Address, port);
        using var socket = new Socket(target.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // Close with RST, as a connect scan does: no TIME_WAIT left behind on this side per probe.
        socket.LingerState = new LingerOption(true, 0);
        if (bindTo is not null)
        {
            socket.Bind(bindTo);
        }

        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutMs);
        try
        {
            await socket.ConnectAsync(remoteEndPoint, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcomes.TimedOut(target, port, ProbeOutcomes.TimedOutMessage(timeoutMs), ElapsedMs(started), SocketEndPoints.LocalOf(socket), at);
        }
        catch (SocketException e)
        {
            return ProbeOutcomes.Failed(target, port, NativeError.From(e), ElapsedMs(started), SocketEndPoints.LocalOf(socket), at);
        }

        var rttMs = ElapsedMs(started);
        var local = SocketEndPoints.LocalOf(socket);
        var remote = SocketEndPoints.RemoteOf(socket);
        return local is not null && local.Equals(remote)
            ? ProbeOutcomes.SelfConnected(target, port, rttMs, local, at)
            : ProbeOutcomes.Open(target, port, rttMs, local, remote, at);
    }

    private static double ElapsedMs(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
