using Dashboard.Contracts.Reproduce;
using Dashboard.Contracts.Trace;
using static Dashboard.Web.Features.Reproduce.CommandParts;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>
/// A trace to a port, by hand: <c>traceroute -T</c> (TCP SYNs with a rising TTL), or <c>traceroute -U</c> (UDP datagrams)
/// for a UDP trace, to the same address and port.
/// </summary>
public static class TraceCommands
{
    /// <param name="request">The trace as asked: its tries, hops and timeout (null where the server's defaults applied).</param>
    /// <param name="result">What it found: the address traced to, where it was made.</param>
    /// <param name="tries">The tries per hop it used.</param>
    /// <param name="maxHops">The highest TTL it could try.</param>
    /// <param name="timeoutMs">How long each try waited.</param>
    public static ReproduceCommands For(TraceRequest request, TraceResult result, int tries, int maxHops, int timeoutMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var host = Bare(result.Address ?? result.Host);
        var quoted = ShellQuote.Posix(host);
        var port = Number(result.Port);
        var six = IsIPv6(host) ? "-6 " : "";
        if (result.Protocol == TraceProtocol.Udp)
        {
            return new ReproduceCommands(result.From ?? ThisServer,
            [
                Posix("traceroute", $"traceroute {six}-U -p {port} -n -q {Number(tries)} -m {Number(maxHops)} -w {WholeSeconds(timeoutMs)} {quoted}",
                    "Debian's traceroute, as root: UDP datagrams to the port; the last line is the host when it answered or said port " +
                    "unreachable (closed), \"!X\" where a hop says administratively prohibited, \"* * *\" where nothing answers (open|filtered)"),
                Posix("mtr", $"mtr {six}--udp --port {port} --report --no-dns -c {Number(tries)} -m {Number(maxHops)} {quoted}",
                    "as root: every hop with its loss and times, UDP datagrams sent again and again"),
            ]);
        }

        return new ReproduceCommands(result.From ?? ThisServer,
        [
            Posix("traceroute", $"traceroute {six}-T -p {port} -n -q {Number(tries)} -m {Number(maxHops)} -w {WholeSeconds(timeoutMs)} {quoted}",
                "Debian's traceroute, as root: each hop's address and times; \"!X\" where a hop says administratively prohibited, " +
                "\"* * *\" where nothing answers; the last line is the host when it was reached"),
            Posix("mtr", $"mtr {six}--tcp --port {port} --report --no-dns -c {Number(tries)} -m {Number(maxHops)} {quoted}",
                "as root: every hop with its loss and times, the same probes sent again and again"),
            Posix("nmap", $"nmap {six}-Pn -sS -p {port} --traceroute {quoted}",
                "as root: the port's state and nmap's own trace to it"),
        ]);
    }
}
