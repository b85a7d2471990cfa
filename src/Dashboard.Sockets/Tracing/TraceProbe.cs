using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Trace;
using Dashboard.Sockets.Errors;

namespace Dashboard.Sockets.Tracing;

/// <summary>One try of a trace: a non-blocking connect with the TTL (hop limit) set and the error queue on.</summary>
internal static class TraceProbe
{
    /// <summary>Connects to <paramref name="target"/> with TTL <paramref name="ttl"/>; what answered, never an exception for an answer.</summary>
    public static async Task<TraceTry> SendAsync(Func<AddressFamily, Socket> newSocket, IPEndPoint target, int ttl, int timeoutMs,
        CancellationToken cancellationToken)
    {
        using var socket = newSocket(target.AddressFamily);
        // Close with RST: nothing left in TIME_WAIT by a trace that reached an open port.
        socket.LingerState = new LingerOption(true, 0);
        socket.Ttl = (short)ttl;
        ErrorQueue.Enable(socket);
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutMs);
        try
        {
            await socket.ConnectAsync(target, timeout.Token);
            return new TraceTry(TraceReply.Open, target.Address.ToString(), Elapsed(started), null, null, "connected");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TraceTry(TraceReply.NoReply, null, null, null, null, $"no answer within {timeoutMs} ms");
        }
        catch (SocketException e)
        {
            var rttMs = Elapsed(started);
            if (ErrorQueue.Read(socket) is { } report)
            {
                return new TraceTry(IcmpWords.ReplyOf(report), report.Offender?.ToString(), rttMs, report.Type, report.Code, IcmpWords.Of(report));
            }

            var error = NativeError.From(e);
            return e.SocketErrorCode == SocketError.ConnectionRefused
                ? new TraceTry(TraceReply.Refused, target.Address.ToString(), rttMs, null, null, $"refused ({error.Name})")
                : new TraceTry(TraceReply.Error, null, null, null, null, $"{error.Name}: {e.Message}");
        }
    }

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
}
