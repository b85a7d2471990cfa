using Dashboard.Contracts.Identify;
using Dashboard.Contracts.Reproduce;
using static Dashboard.Web.Features.Reproduce.CommandParts;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>A service identification, by hand: <c>nmap -sV</c> and a banner grab on the same address and port.</summary>
public static class ServiceCommands
{
    /// <param name="result">What it found: the address, the service, where it was made.</param>
    public static ReproduceCommands For(IdentifyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var host = Bare(result.Address ?? result.Host);
        var quoted = ShellQuote.Posix(host);
        var port = Number(result.Port);
        var six = IsIPv6(host) ? "-6 " : "";
        var url = ShellQuote.Posix(IsIPv6(host) ? $"[{host}]:{port}" : $"{host}:{port}");
        var commands = new List<ReproduceCommand>
        {
            Posix("nmap", $"nmap {six}-Pn -sT -sV -p {port} {quoted}", "the service's name, and the product and version where the server announces them"),
            Posix("ncat", $"ncat -v -w 3s -i 2s {quoted} {port} </dev/null", "what the server says first, if it speaks first (SSH, SMTP, FTP, MySQL...)"),
        };
        switch (result.Service)
        {
            case "http":
                commands.Add(Posix("curl", $"curl -sS -I {ShellQuote.Posix("http://" + (IsIPv6(host) ? $"[{host}]:{port}" : $"{host}:{port}") + "/")}",
                    "the answer to HEAD /: its status line and headers (Server: names the product)"));
                break;
            case "ssl" or "https":
                commands.Add(Posix("openssl", $"openssl s_client -connect {url} -brief </dev/null", "the TLS version and cipher the server agrees to"));
                break;
            case "redis":
                commands.Add(Posix("redis-cli", $"redis-cli -h {quoted} -p {port} PING", "PONG, or NOAUTH when a password is required"));
                break;
        }

        return new ReproduceCommands(result.From ?? ThisServer, commands);
    }
}
