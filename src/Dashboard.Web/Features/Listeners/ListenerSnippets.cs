using System.Net;
using Dashboard.Contracts.Listeners;

namespace Dashboard.Web.Features.Listeners;

/// <summary>Commands a user can copy to reach a listener: nc, the seed's python client, PowerShell.</summary>
public static class ListenerSnippets
{
    public static IEnumerable<(string Tool, string Command)> For(ListenerInfo info, string dashboardHost)
    {
        if (info.Protocol is ListenerProtocol.Unix or ListenerProtocol.UnixDatagram)
        {
            var path = Reproduce.ShellQuote.Posix(info.LocalEndPoint);
            yield return info.Protocol == ListenerProtocol.Unix ? ("ncat", $"ncat -U {path}") : ("ncat", $"ncat -uU {path}");
            yield break;
        }

        var endPoint = IPEndPoint.Parse(info.LocalEndPoint);
        var host = endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any) ? dashboardHost : endPoint.Address.ToString();
        var port = endPoint.Port;
        if (info.Protocol == ListenerProtocol.Udp)
        {
            yield return ("netcat", $"nc -u {host} {port}");
            yield return ("python", $"python3 -c \"import socket; s=socket.socket(socket.AF_INET{(host.Contains(':', StringComparison.Ordinal) ? "6" : "")}, socket.SOCK_DGRAM); s.sendto(b'Hello World!', ('{host}', {port})); print(s.recvfrom(4096))\"");
            yield break;
        }

        yield return ("netcat", $"nc {host} {port}");
        yield return ("python", $"python3 -c \"import socket; s=socket.create_connection(('{host}', {port})); s.send(b'Hello World!'); s.close()\"");
        yield return ("PowerShell", $"Test-NetConnection {host} -Port {port}");
    }
}
