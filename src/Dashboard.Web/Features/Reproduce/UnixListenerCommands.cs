using System.Text;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Reproduce;
using Dashboard.Sockets.Payloads;
using static Dashboard.Web.Features.Reproduce.CommandParts;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>
/// A unix or unixgram listener, by hand: ncat (stream) or python3 (datagram, answering every sender) bound to the same
/// path, then the clients that reach it on the same host: python3's <c>socket.AF_UNIX</c> and ncat.
/// </summary>
public static class UnixListenerCommands
{
    private static readonly byte[] Hello = Encoding.ASCII.GetBytes("hello\n");

    public static ReproduceCommands For(ListenerInfo info, ListenerReply? reply)
    {
        ArgumentNullException.ThrowIfNull(info);
        var path = info.LocalEndPoint;
        var where = info.From ?? ThisServer;
        var fixedBytes = reply is { Mode: ReplyMode.Fixed } ? PayloadCodec.Decode(reply.Payload, reply.Encoding) : [];
        var note = $"the same listener, on {where} (stop the dashboard's first: one path, one listener; it leaves its socket file behind, remove it after)";
        var clientNote = $"on {where}, beside the listener: ";
        var quoted = ShellQuote.PythonString(path);
        if (info.Protocol == ListenerProtocol.Unix)
        {
            var listen = $"ncat -lkU {ShellQuote.Posix(path)}";
            var stream = "import socket; s = socket.socket(socket.AF_UNIX); s.settimeout(2); " +
                         $"s.connect({quoted}); s.sendall({PayloadLiterals.PythonBytes(Hello)}); print(repr(s.recv(65535)))";
            return new ReproduceCommands(where,
            [
                info.Reply switch
                {
                    ReplyMode.Echo => Posix("ncat", $"{listen} --exec /bin/cat", note + "; every chunk goes back"),
                    ReplyMode.Fixed => Posix("ncat", $"{listen} --sh-exec {ShellQuote.Posix($"printf {PayloadLiterals.Printf(fixedBytes)}; cat >&2")}",
                        note + "; the fixed reply is sent on accept"),
                    _ => Posix("ncat", listen, note + "; prints what arrives"),
                },
                Posix("python3", Python(stream), clientNote + "connects, sends hello, prints what comes back (a timeout when the listener does not answer)"),
                Posix("ncat", $"printf {PayloadLiterals.Printf(Hello)} | ncat -U {ShellQuote.Posix(path)}", clientNote + "connects and sends hello"),
            ]);
        }

        var answer = info.Reply switch
        {
            ReplyMode.Echo => "a and s.sendto(d, a); ",
            ReplyMode.Fixed => $"a and s.sendto({PayloadLiterals.PythonBytes(fixedBytes)}, a); ",
            _ => "",
        };
        var server = $"import socket; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind({quoted})\n" +
                     "while True:\n" +
                     $"    d, a = s.recvfrom(65536); {answer}print(a, d, flush=True)";
        // The client binds a name beside the listener's: a reply goes only to a sender with a name, under the allowed directories.
        var client = "import socket, os; p = os.path.join(os.path.dirname(" + quoted + "), \"client-%d.sock\" % os.getpid()); " +
                     "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(p); s.settimeout(2)\n" +
                     $"try:\n    s.sendto({PayloadLiterals.PythonBytes(Hello)}, {quoted}); print(repr(s.recv(65536)))\n" +
                     "except socket.timeout:\n    print(\"no-reply\")\nfinally:\n    os.unlink(p)";
        return new ReproduceCommands(where,
        [
            Posix("python3", Python(server), note + "; prints each datagram's sender and bytes"),
            Posix("python3", Python(client), clientNote + "binds its own name beside it (a reply needs one), sends hello, prints the reply or no-reply"),
            Posix("ncat", $"printf {PayloadLiterals.Printf(Hello)} | ncat -uU {ShellQuote.Posix(path)}", clientNote + "sends hello (unbound: no reply can come back)"),
        ]);
    }
}
