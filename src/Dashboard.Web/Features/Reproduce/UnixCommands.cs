using Dashboard.Contracts.Reproduce;
using Dashboard.Contracts.Unix;
using Dashboard.Sockets.Payloads;
using static Dashboard.Web.Features.Reproduce.CommandParts;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>A Unix socket probe or datagram, by hand: Python's <c>socket.AF_UNIX</c> on the same path, and ncat.</summary>
public static class UnixCommands
{
    /// <param name="order">The probe or the send as asked.</param>
    /// <param name="answer">What it found, and where it was made.</param>
    /// <param name="waitReplyMs">How long a send waited for its reply (the request's, or the server's default).</param>
    public static ReproduceCommands For(UnixSocketOrder order, UnixSocketAnswer answer, int waitReplyMs)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(answer);
        if (order.Send is { } send)
        {
            var payload = PayloadCodec.Decode(send.Payload, send.Encoding);
            var path = ShellQuote.PythonString(send.Path);
            var script = "import socket, select, errno, os; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); " +
                         $"s.bind(\"\\0sd-\" + str(os.getpid())); c = s.connect_ex({path}); " +
                         $"print(c, errno.errorcode.get(c, \"OK\")) if c else (s.send({PayloadLiterals.PythonBytes(payload)}), " +
                         $"print(\"replied \" + repr(s.recv(65535)) if select.select([s], [], [], {PythonSeconds(waitReplyMs)})[0] else \"no-reply\"))";
            return new ReproduceCommands(answer.Send?.From ?? ThisServer,
            [
                Posix("python3", Python(script), "the connect's errno and its name when it fails, else \"replied\" and the reply's bytes, or \"no-reply\""),
                Posix("ncat", $"printf {PayloadLiterals.Printf(payload)} | ncat -uU {ShellQuote.Posix(send.Path)}", "sends the datagram (ncat cannot wait for a reply from an unbound socket)"),
            ]);
        }

        var probe = order.Probe ?? throw new ArgumentException("a Unix socket order has a probe or a send", nameof(order));
        var datagram = probe.Type == UnixSocketType.Datagram;
        var probeScript = $"import socket, errno; s = socket.socket(socket.AF_UNIX, socket.{(datagram ? "SOCK_DGRAM" : "SOCK_STREAM")}); " +
                          $"c = s.connect_ex({ShellQuote.PythonString(probe.Path)}); print(c, errno.errorcode.get(c, \"OK\"))";
        return new ReproduceCommands(answer.Probe?.From ?? ThisServer,
        [
            Posix("python3", Python(probeScript), "the errno and its name as the dashboard shows them (0 OK, 2 ENOENT, 111 ECONNREFUSED, 13 EACCES...)"),
            Posix("ncat", $"ncat -v{(datagram ? "u" : "")}U {ShellQuote.Posix(probe.Path)} </dev/null", "\"Connected to\" when something listens; the error otherwise"),
        ]);
    }
}
