using System.Text;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Paths;
using Dashboard.Contracts.Reproduce;
using static Dashboard.Web.Features.Reproduce.CommandParts;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>A path check, by hand: a listener at the receiving end first, then the connect or datagram from the sending end.</summary>
public static class PathCommands
{
    private static readonly byte[] Nonce = Encoding.ASCII.GetBytes("path-check\n");

    public static ReproduceCommands For(PathCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var host = Bare(result.Host);
        var port = Number(result.Port);
        var send = $"on {result.From}, once the listener runs";
        var commands = new List<ReproduceCommand>();
        if (result.Protocol == ListenerProtocol.Tcp)
        {
            commands.Add(Posix("ncat", $"ncat -lkv {port}", $"on {result.To} first: listens on every address and prints the source it sees"));
            commands.AddRange(TcpClient(host, result.Port, Nonce, send));
        }
        else
        {
            commands.Add(Posix("ncat", $"ncat -luv {port}", $"on {result.To} first: prints the datagram and the source it sees"));
            commands.AddRange(UdpClient(host, result.Port, Nonce, 1_000, send));
        }

        return new ReproduceCommands(result.From, commands);
    }

    /// <summary>A connect from the other end: nc sends a line, python tells the errno, PowerShell the bare verdict.</summary>
    internal static IEnumerable<ReproduceCommand> TcpClient(string host, int port, byte[] payload, string where)
    {
        var quoted = ShellQuote.Posix(host);
        yield return Posix("nc", $"printf {PayloadLiterals.Printf(payload)} | nc -v -w 3 {quoted} {Number(port)}",
            $"{where}: \"succeeded!\" when it connects, and the line arrives");
        yield return Posix("python3", Python(ProbeCommands.ConnectEx(host, port, 3_000)), $"{where}: 0 OK when it connects, else the errno");
        yield return PowerShell("Test-NetConnection", $"Test-NetConnection -ComputerName {ShellQuote.PowerShell(host)} -Port {Number(port)}",
            $"{where}: TcpTestSucceeded : True when it connects");
    }

    /// <summary>A datagram from the other end, waiting for a reply as long as the dashboard would.</summary>
    internal static IEnumerable<ReproduceCommand> UdpClient(string host, int port, byte[] payload, int waitMs, string where)
    {
        yield return Posix("nc", $"printf {PayloadLiterals.Printf(payload)} | nc -u -w {WholeSeconds(waitMs)} {ShellQuote.Posix(host)} {Number(port)}",
            $"{where}: sends the datagram and prints a reply, if any");
    }
}
