using Dashboard.Contracts.Reproduce;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Payloads;
using static Dashboard.Web.Features.Reproduce.CommandParts;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>A UDP send, by hand: the same bytes to the same address and port, listening as long for a reply.</summary>
public static class UdpCommands
{
    /// <param name="request">The send as asked: its payload, count and interval.</param>
    /// <param name="result">What it found: the address the datagrams went to, where it was made.</param>
    /// <param name="waitReplyMs">How long it listened for replies (the request's, or the server's default).</param>
    public static ReproduceCommands For(UdpSendRequest request, UdpSendResult result, int waitReplyMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var payload = PayloadCodec.Decode(request.Payload, request.Encoding);
        var host = Bare(result.Address ?? result.Host);
        var quoted = ShellQuote.Posix(host);
        var port = Number(result.Port);
        var count = Math.Max(1, request.Count ?? 1);
        var onlyOne = count > 1 ? $"; it sends one datagram, not {count}" : "";
        return new ReproduceCommands(result.From ?? ThisServer,
        [
            Posix("python3", Python(SendAndWait(host, result.Port, payload, count, request.IntervalMs ?? 0, waitReplyMs)),
                "\"replied\" and the first reply's bytes, \"refused ECONNREFUSED\" (ICMP port unreachable), or \"no-reply\""),
            // ncat ends a UDP exchange as soon as its input ends: the sleep keeps it open for the wait, as the send did.
            Posix("ncat", $"(printf {PayloadLiterals.Printf(payload)}; sleep {WholeSeconds(waitReplyMs)}) | ncat -u -i {Number(waitReplyMs)}ms {quoted} {port}",
                $"prints the reply; \"Connection refused.\" when the port refused; nothing when nothing came back{onlyOne}"),
            Posix("nc", $"printf {PayloadLiterals.Printf(payload)} | nc -u -w {WholeSeconds(waitReplyMs)} {quoted} {port}",
                $"OpenBSD netcat: prints the reply; nothing when nothing came back, nor when the port refused{onlyOne}"),
        ]);
    }

    /// <summary>
    /// A connected datagram socket, as the dashboard's: only a connected socket is told of an ICMP port unreachable,
    /// which then makes it readable with the error pending in <c>SO_ERROR</c>.
    /// </summary>
    private static string SendAndWait(string host, int port, byte[] payload, int count, int intervalMs, int waitMs)
    {
        var bytes = PayloadLiterals.PythonBytes(payload);
        var send = count == 1
            ? $"s.send({bytes}); "
            : $"[s.send({bytes}) or time.sleep({PythonSeconds(intervalMs)}) for _ in range({Number(count)})]; ";
        return $"import socket, select, errno, time; s = socket.socket({PythonFamily(host)}, socket.SOCK_DGRAM); " +
               $"s.connect({PythonAddress(host, port)}); {send}" +
               $"r = select.select([s], [], [], {PythonSeconds(waitMs)})[0]; e = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) if r else 0; " +
               "print(\"no-reply\" if not r else \"refused \" + errno.errorcode[e] if e else \"replied \" + repr(s.recv(65535)))";
    }
}
