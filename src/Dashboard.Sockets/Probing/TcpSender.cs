using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Targets;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Probing;

/// <summary>
/// Connects, sends a few bytes and closes gracefully (FIN, not RST, so the far end reads every byte):
/// the sending end of a two-ended path check.
/// </summary>
public sealed class TcpSender(IOptions<ProbeOptions> options, TimeProvider timeProvider)
{
    /// <summary>The most bytes one send carries: a nonce, not a transfer.</summary>
    public const int MaxPayloadBytes = 4_096;

    /// <exception cref="InvalidRequestException">The request breaks a rule; no socket was touched.</exception>
    public async Task<TcpSendResult> SendAsync(TcpSendRequest? request, CancellationToken cancellationToken)
    {
        var payload = Validate(request);
        var timeoutMs = request!.TimeoutMs ?? options.Value.DefaultTimeoutMs;
        var at = timeProvider.GetUtcNow();
        IPAddress address;
        try
        {
            address = (await HostResolver.ResolveAsync(request.Host, cancellationToken))[0];
        }
        catch (SocketException e)
        {
            return new TcpSendResult(ProbeOutcomes.NotResolved(request.Host, request.Port, NativeError.Of(e.SocketErrorCode), at), 0);
        }

        var target = new ResolvedTarget(request.Host.Trim(), address);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        var started = Stopwatch.GetTimestamp();
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(timeoutMs);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, request.Port), timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new TcpSendResult(ProbeOutcomes.TimedOut(target, request.Port, ProbeOutcomes.TimedOutMessage(timeoutMs),
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, SocketEndPoints.LocalOf(socket), at), 0);
            }
            catch (SocketException e)
            {
                return new TcpSendResult(ProbeOutcomes.Failed(target, request.Port, NativeError.From(e),
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, SocketEndPoints.LocalOf(socket), at), 0);
            }
        }

        var connected = ProbeOutcomes.Open(target, request.Port, Stopwatch.GetElapsedTime(started).TotalMilliseconds, SocketEndPoints.LocalOf(socket),
            socket.RemoteEndPoint, at);
        var sent = 0;
        try
        {
            sent = await socket.SendAsync(payload, SocketFlags.None, cancellationToken);
            socket.Shutdown(SocketShutdown.Send);
            // Wait a little for the far end to close too, so its reads are done before this socket goes away.
            using var linger = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            linger.CancelAfter(Math.Min(timeoutMs, 2_000));
            var sink = new byte[512];
            while (await socket.ReceiveAsync(sink, SocketFlags.None, linger.Token) > 0)
            {
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
            // The far end reset after reading, or an echo listener is still talking: what was sent is counted.
        }

        return new TcpSendResult(connected, sent);
    }

    private byte[] Validate(TcpSendRequest? request)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { host, port, payloadBase64, timeoutMs? }");
        }

        var problem = HostName.Problem(request.Host) ?? PortNumber.Problem(request.Port)
            ?? Bounds.Problem("timeoutMs", request.TimeoutMs, options.Value.MaxTimeoutMs);
        if (problem is not null)
        {
            throw new InvalidRequestException(problem);
        }

        byte[] payload;
        try
        {
            payload = Convert.FromBase64String(request.PayloadBase64 ?? "");
        }
        catch (FormatException)
        {
            throw new InvalidRequestException("payloadBase64 must be base64");
        }

        return payload.Length <= MaxPayloadBytes
            ? payload
            : throw new InvalidRequestException($"payloadBase64 must carry at most {MaxPayloadBytes} bytes, got {payload.Length}");
    }
}
