using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Watches;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Payloads;

namespace Dashboard.Web.Features.Watches.Runs;

/// <summary>
/// A TCP watch that sends bytes and judges the reply, at this server: connect to the address the policy allowed, send,
/// read until the reply matches, the peer closes, 4 KiB arrived or the timeout ends.
/// </summary>
public sealed class TcpExchange
{
    public const int MaxReplyBytes = 4_096;

    public async Task<WatchOutcome> RunAsync(WatchSpec spec, string literal, string from, string vantageName, CancellationToken cancellationToken)
    {
        var address = IPAddress.Parse(literal);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(spec.TimeoutMs!.Value);
        var clock = Stopwatch.StartNew();
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, spec.Port!.Value), timeout.Token);
        }
        catch (SocketException e)
        {
            var error = NativeError.From(e);
            var state = e.SocketErrorCode == SocketError.ConnectionRefused ? "closed" : "unreachable";
            return WatchOutcome.Failed(from, vantageName, state, $"{state}: {error.Name} ({error.Code}) {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return WatchOutcome.Failed(from, vantageName, "filtered", $"filtered: no answer to the connect within {spec.TimeoutMs} ms");
        }

        var rtt = clock.Elapsed.TotalMilliseconds;
        var buffer = new byte[MaxReplyBytes];
        var received = 0;
        try
        {
            await socket.SendAsync(PayloadCodec.Decode(spec.Payload, spec.Encoding), timeout.Token);
            while (received < buffer.Length)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(received), timeout.Token);
                if (read == 0)
                {
                    break;
                }

                received += read;
                if (spec.Match is null || ReplyMatch.Mismatch(buffer.AsSpan(0, received), spec.Match, spec.MatchKind!.Value) is null)
                {
                    break;
                }
            }
        }
        catch (SocketException e)
        {
            var error = NativeError.From(e);
            return new WatchOutcome(from, vantageName, false, "error", WatchOutcome.Clip($"open, then {error.Name} ({error.Code}) after {received} bytes: {e.Message}"), rtt);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout ends the read; what arrived is judged below.
        }

        if (spec.Match is null)
        {
            return new WatchOutcome(from, vantageName, true, "open", received > 0
                ? WatchOutcome.Clip($"open: sent, replied {ReplyMatch.Shown(buffer.AsSpan(0, received))}")
                : $"open: sent, no reply within {spec.TimeoutMs} ms", rtt);
        }

        var mismatch = ReplyMatch.Mismatch(buffer.AsSpan(0, received), spec.Match, spec.MatchKind!.Value);
        return mismatch is null
            ? new WatchOutcome(from, vantageName, true, "open", WatchOutcome.Clip($"open: the reply matches ({ReplyMatch.Shown(buffer.AsSpan(0, received))})"), rtt)
            : new WatchOutcome(from, vantageName, false, "mismatch", WatchOutcome.Clip(mismatch), rtt);
    }
}
