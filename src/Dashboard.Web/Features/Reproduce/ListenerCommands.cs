using System.Net;
using System.Text;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Reproduce;
using Dashboard.Sockets.Payloads;
using static Dashboard.Web.Features.Reproduce.CommandParts;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>
/// A listener, by hand: the same listener with ncat or python3 where it listens, then the client side that reaches it.
/// </summary>
public static class ListenerCommands
{
    private static readonly byte[] Hello = Encoding.ASCII.GetBytes("hello\n");

    /// <param name="info">The listener: protocol, where it listens, its reply mode, where it is.</param>
    /// <param name="reply">The reply as asked (for a fixed reply's bytes); null when not known.</param>
    /// <param name="reachHost">
    /// The address clients use when it listens on every address (<c>0.0.0.0</c>, <c>::</c>): the dashboard's own
    /// host for this server. Null when not known (an agent's): the client commands are then left out.
    /// </param>
    public static ReproduceCommands For(ListenerInfo info, ListenerReply? reply, string? reachHost)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Protocol is ListenerProtocol.Unix or ListenerProtocol.UnixDatagram)
        {
            return UnixListenerCommands.For(info, reply);
        }

        var endPoint = IPEndPoint.Parse(info.LocalEndPoint);
        var bind = endPoint.Address.ToString();
        var port = endPoint.Port;
        var fixedBytes = reply is { Mode: ReplyMode.Fixed } ? PayloadCodec.Decode(reply.Payload, reply.Encoding) : null;
        var where = info.From ?? ThisServer;
        var commands = new List<ReproduceCommand>(info.Protocol == ListenerProtocol.Tcp
            ? TcpListener(bind, port, info.Reply, fixedBytes, where)
            : UdpListener(bind, port, info.Reply, fixedBytes, where));

        var wildcard = endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any);
        var client = wildcard ? reachHost : bind;
        if (client is not null)
        {
            commands.AddRange(info.Protocol == ListenerProtocol.Tcp
                ? PathCommands.TcpClient(Bare(client), port, Hello, $"from where it should be reached; the listener at {where} sees it")
                : PathCommands.UdpClient(Bare(client), port, Hello, 1_000, $"from where it should be reached; the listener at {where} sees it"));
        }

        return new ReproduceCommands(where, commands);
    }

    private static IEnumerable<ReproduceCommand> TcpListener(string bind, int port, ReplyMode mode, byte[]? fixedBytes, string where)
    {
        var listen = $"ncat -lkv {ShellQuote.Posix(bind)} {Number(port)}";
        var note = $"the same listener, on {where} (stop the dashboard's first: one port, one listener)";
        yield return mode switch
        {
            ReplyMode.Echo => Posix("ncat", $"{listen} --exec /bin/cat", note + "; every chunk goes back"),
            // The banner first, then what the client sends goes to ncat's terminal, as the dashboard shows it.
            ReplyMode.Fixed => Posix("ncat", $"{listen} --sh-exec {ShellQuote.Posix($"printf {PayloadLiterals.Printf(fixedBytes ?? [])}; cat >&2")}",
                note + "; the fixed reply is sent on accept"),
            _ => Posix("ncat", listen, note + "; prints what arrives"),
        };
    }

    private static IEnumerable<ReproduceCommand> UdpListener(string bind, int port, ReplyMode mode, byte[]? fixedBytes, string where)
    {
        // ncat -u talks to the first peer only; a datagram socket in python answers every source, as the dashboard does.
        var answer = mode switch
        {
            ReplyMode.Echo => "s.sendto(d, a); ",
            ReplyMode.Fixed => $"s.sendto({PayloadLiterals.PythonBytes(fixedBytes ?? [])}, a); ",
            _ => "",
        };
        var script = $"import socket; s = socket.socket({PythonFamily(bind)}, socket.SOCK_DGRAM); s.bind({PythonAddress(bind, port)})\n" +
                     "while True:\n" +
                     $"    d, a = s.recvfrom(65535); {answer}print(a, d, flush=True)";
        yield return Posix("python3", Python(script),
            $"the same listener, on {where} (stop the dashboard's first): prints each datagram's source and bytes");
    }
}
