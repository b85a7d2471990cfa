using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Reproduce;
using static Dashboard.Web.Features.Reproduce.CommandParts;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>A TCP connect probe, by hand: the same address (the one the probe tried), port and timeout.</summary>
public static class ProbeCommands
{
    /// <param name="result">The probe's result: its address and port, and where it was made.</param>
    /// <param name="timeoutMs">The timeout the probe used (the request's, or the server's default).</param>
    public static ReproduceCommands For(ProbeResult result, int timeoutMs)
    {
        ArgumentNullException.ThrowIfNull(result);
        var host = Bare(result.Address ?? result.Host);
        var quoted = ShellQuote.Posix(host);
        var port = Number(result.Port);
        var ms = Number(timeoutMs);
        var six = IsIPv6(host) ? "-6 " : "";
        return new ReproduceCommands(result.From ?? ThisServer,
        [
            Posix("nmap", $"nmap {six}-Pn -sT -p {port} --max-retries 0 --initial-rtt-timeout {ms}ms --max-rtt-timeout {ms}ms {quoted}",
                "the port's state: open, closed or filtered (one connect, no retry, as the probe)"),
            Posix("nc", $"nc -vz -w {WholeSeconds(timeoutMs)} {quoted} {port}",
                "OpenBSD netcat: \"succeeded!\" when open, \"Connection refused\" when closed, \"timed out\" when filtered"),
            Posix("ncat", $"ncat -vz -w {ms}ms {quoted} {port}",
                "\"Connected to\" when open, \"Connection refused.\" when closed, \"TIMEOUT.\" when filtered"),
            Posix("python3", Python(ConnectEx(host, result.Port, timeoutMs)),
                "the errno and its name as the dashboard shows them (0 OK, 111 ECONNREFUSED, 110 ETIMEDOUT...)"),
            PowerShell("Test-NetConnection", $"Test-NetConnection -ComputerName {ShellQuote.PowerShell(host)} -Port {port}",
                "TcpTestSucceeded : True when open; False does not tell closed from filtered"),
        ]);
    }

    /// <summary>
    /// <c>connect_ex</c> as the seed's client makes it. Python reports a connect that timed out as EAGAIN; the
    /// dashboard (and the kernel without a timeout of its own) names it ETIMEDOUT, so the script does too.
    /// </summary>
    internal static string ConnectEx(string host, int port, int timeoutMs) =>
        $"import socket, errno; s = socket.socket({PythonFamily(host)}, socket.SOCK_STREAM); s.settimeout({PythonSeconds(timeoutMs)}); " +
        $"c = s.connect_ex({PythonAddress(host, port)}); c = errno.ETIMEDOUT if c == errno.EAGAIN else c; " +
        "print(c, errno.errorcode.get(c, \"OK\"))";
}
