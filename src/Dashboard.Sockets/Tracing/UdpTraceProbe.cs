using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Trace;
using Dashboard.Sockets.Errors;

namespace Dashboard.Sockets.Tracing;

/// <summary>
/// One try of a UDP trace: a datagram to the port with the TTL (hop limit) set and the error queue on, as
/// <c>traceroute -U</c> sends. A router's ICMP comes back on the socket's error queue; from the target, "port
/// unreachable" means closed and a datagram back means open; silence is only silence.
/// </summary>
internal static class UdpTraceProbe
{
    // traceroute's default probe: 32 bytes of data (60-byte packets over IPv4).
    private static readonly byte[] Payload = new byte[32];

    /// <summary>Sends to <paramref name="target"/> with TTL <paramref name="ttl"/>; what answered, never an exception for an answer.</summary>
    public static async Task<TraceTry> SendAsync(Func<AddressFamily, Socket> newSocket, IPEndPoint target, int ttl, int timeoutMs,
        CancellationToken cancellationToken)
    {
        using var socket = newSocket(target.AddressFamily);
        socket.Ttl = (short)ttl;
        ErrorQueue.Enable(socket);
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutMs);
        try
        {
            // Connected, so the kernel reports this socket's ICMP errors to it and takes datagrams only from the target.
            await socket.ConnectAsync(target, timeout.Token);
            await socket.SendAsync(Payload, SocketFlags.None, timeout.Token);
            var received = await socket.ReceiveAsync(new byte[2048], SocketFlags.None, timeout.Token);
            return new TraceTry(TraceReply.Open, target.Address.ToString(), Elapsed(started), null, null, $"answered with {received} bytes");
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
                var closed = IsPortUnreachable(report) && target.Address.Equals(report.Offender);
                return new TraceTry(closed ? TraceReply.Refused : IcmpWords.ReplyOf(report), report.Offender?.ToString(), rttMs, report.Type,
                    report.Code, IcmpWords.Of(report));
            }

            var error = NativeError.From(e);
            return new TraceTry(TraceReply.Error, null, null, null, null, $"{error.Name}: {e.Message}");
        }
    }

    private static bool IsPortUnreachable(IcmpReport report) => report.IsIcmp6 ? (report.Type, report.Code) == (1, 4) : (report.Type, report.Code) == (3, 3);

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
}
