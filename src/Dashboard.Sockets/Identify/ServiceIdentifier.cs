using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Identify;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Targets;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Identify;

/// <summary>
/// What answers on an open TCP port, as <c>nmap -sV</c> asks it but with a handful of safe probes: connect and listen
/// for a banner (SSH, SMTP, FTP, MySQL speak first); if the server stays silent, send the probes one at a time, each
/// on a connection of its own, the one the port suggests first, until one is answered with a protocol's signature.
/// Every connection takes a socket from the budget; bytes read, waits and the whole run are bounded.
/// </summary>
public sealed class ServiceIdentifier(IOptions<IdentifyOptions> options, TimeProvider timeProvider, SocketBudget? budget = null)
{
    /// <summary>How long a server may pause within one answer before the answer is taken as complete.</summary>
    private static readonly TimeSpan AnswerGap = TimeSpan.FromMilliseconds(100);

    private readonly IdentifyOptions _options = options.Value;

    public IdentifyOptions Options => _options;

    /// <summary>Why <paramref name="timeoutMs"/> is out of bounds, or null (null means the default).</summary>
    public string? TimeoutProblem(int? timeoutMs) => Bounds.Problem("timeoutMs", timeoutMs, _options.MaxTimeoutMs);

    /// <summary>Checks a request against the rules and bounds; returns the timeout to use.</summary>
    /// <exception cref="InvalidRequestException">What is wrong and what is allowed.</exception>
    public int Validate(IdentifyRequest? request)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { host, port, timeoutMs? }");
        }

        var problem = HostName.Problem(request.Host) ?? PortNumber.Problem(request.Port) ?? TimeoutProblem(request.TimeoutMs);
        return problem is null ? request.TimeoutMs ?? _options.DefaultTimeoutMs : throw new InvalidRequestException(problem);
    }

    /// <summary>Identifies the service on one port. Expected outcomes (closed, silent, unresolved) are results, not exceptions.</summary>
    /// <exception cref="InvalidRequestException">The request breaks a rule; no socket was touched.</exception>
    /// <exception cref="RequestRefusedException">Limit reached: no socket of the budget came free within <see cref="SocketBudget.LeaseWait"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IdentifyResult> IdentifyAsync(IdentifyRequest request, CancellationToken cancellationToken)
    {
        var timeoutMs = Validate(request);
        cancellationToken.ThrowIfCancellationRequested();
        var host = request.Host.Trim();
        var run = new IdentifyRun(host, request.Port, timeProvider.GetUtcNow(), _options.KeptBytes);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeoutMs);
        IPAddress address;
        try
        {
            address = (await HostResolver.ResolveAsync(host, deadline.Token))[0];
        }
        catch (SocketException e)
        {
            return run.Failed(null, NativeError.Of(e.SocketErrorCode), $"the name '{host}' did not resolve");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return run.Failed(null, NativeError.Of(SocketError.TryAgain), $"the name '{host}' did not resolve within {timeoutMs} ms");
        }

        try
        {
            var banner = await ConverseAsync(address, request.Port, null, host, _options.BannerWaitMs, run, deadline.Token);
            if (banner is not null)
            {
                return banner;
            }

            foreach (var probe in ServiceProbe.InOrderFor(request.Port))
            {
                if (await ConverseAsync(address, request.Port, probe, host, _options.ProbeWaitMs, run, deadline.Token) is { } done)
                {
                    return done;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            run.TimedOut = true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TooManyOpenSockets)
        {
            throw SocketBudget.NoDescriptor("a service identification", e, budget);
        }

        return run.Finish(address, timeoutMs);
    }

    /// <summary>
    /// One connection: connect, send the probe (nothing for the banner wait), read the answer, match it, and follow up on
    /// the same connection when the match asks to. Returns the final result when this connection decided it
    /// (refused, timed out, a banner, a sure match), else null to go on with the next probe.
    /// </summary>
    private async Task<IdentifyResult?> ConverseAsync(IPAddress address, int port, ServiceProbe? probe, string host, int waitMs,
        IdentifyRun run, CancellationToken cancellationToken)
    {
        var name = probe?.Name ?? IdentifyRun.Banner;
        using var lease = budget is null ? null : await budget.LeaseAsync(SocketBudget.LeaseWait, cancellationToken) ?? throw budget.Spent("a service identification");
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, LingerState = new LingerOption(true, 0) };
        var started = Stopwatch.GetTimestamp();
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connect.CancelAfter(_options.ConnectTimeoutMs);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), connect.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                run.Tried(name, 0, started, "timed-out");
                return run.Unreached(address, IdentifyState.Filtered, NativeError.Of(SocketError.TimedOut),
                    $"no answer to the connect within {_options.ConnectTimeoutMs} ms: dropped on the way, or the host is down");
            }
            catch (SocketException e)
            {
                var error = NativeError.From(e);
                run.Tried(name, 0, started, e.SocketErrorCode == SocketError.ConnectionRefused ? "refused" : "error");
                return e.SocketErrorCode == SocketError.ConnectionRefused
                    ? run.Unreached(address, IdentifyState.Closed, error, "refused: nothing listens on this port")
                    : run.Unreached(address, IdentifyState.Error, error, $"the connect failed: {error.Name}");
            }
        }

        if (probe is not null)
        {
            await SendAsync(socket, probe.Payload(host), cancellationToken);
        }

        var (answer, outcome) = await ReadAnswerAsync(socket, waitMs, cancellationToken);
        run.Tried(name, answer.Length, started, outcome);
        var match = ServiceMatchers.Match(answer, name);
        if (match is { FollowUp: { } followUp, Refine: { } refine } && await SendAsync(socket, followUp, cancellationToken))
        {
            var (more, moreOutcome) = await ReadAnswerAsync(socket, waitMs, cancellationToken);
            run.Tried($"{name}+", more.Length, started, moreOutcome);
            match = more.Length > 0 ? refine(more) : match;
        }

        run.Heard(name, answer, match);
        // A server that speaks first has said what it is; a probe decides only with a sure match.
        return probe is null && answer.Length > 0 || match?.Confidence == IdentifyConfidence.High ? run.Finish(address, null) : null;
    }

    private static async Task<bool> SendAsync(Socket socket, byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            // The server closed before the probe went out: what it said before that is still read.
            return false;
        }
    }

    /// <summary>Waits up to <paramref name="waitMs"/> for the first bytes, then takes what follows without a pause, up to the read cap.</summary>
    private async Task<(byte[] Answer, string Outcome)> ReadAnswerAsync(Socket socket, int waitMs, CancellationToken cancellationToken)
    {
        var buffer = new byte[_options.MaxReadBytes];
        var received = 0;
        using (var first = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            first.CancelAfter(waitMs);
            try
            {
                received = await socket.ReceiveAsync(buffer, SocketFlags.None, first.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return ([], "silent");
            }
            catch (SocketException)
            {
                return ([], "closed");
            }
        }

        if (received == 0)
        {
            return ([], "closed");
        }

        // More of the same answer (headers after a status line, INFO's body) follows within moments; a pause ends it.
        while (received < buffer.Length)
        {
            await Task.Delay(AnswerGap, cancellationToken);
            if (socket.Available == 0)
            {
                break;
            }

            try
            {
                var more = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancellationToken);
                if (more == 0)
                {
                    break;
                }

                received += more;
            }
            catch (SocketException)
            {
                break;
            }
        }

        return (buffer[..received], "answered");
    }
}
