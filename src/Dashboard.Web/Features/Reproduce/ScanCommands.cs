using Dashboard.Contracts.Reproduce;
using Dashboard.Contracts.Scan;
using static Dashboard.Web.Features.Reproduce.CommandParts;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>A connect scan, by hand: nmap's <c>-sT</c> over the same targets and ports.</summary>
public static class ScanCommands
{
    private static readonly char[] TargetSeparators = [',', ' ', '\t', '\r', '\n'];

    /// <param name="request">The scan as asked.</param>
    /// <param name="where">The vantage point that ran it: <c>this server</c> or the agent's name.</param>
    public static ReproduceCommands For(ScanRequest request, string? where)
    {
        ArgumentNullException.ThrowIfNull(request);
        var targets = request.Targets.Split(TargetSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Bare).ToList();
        var six = targets.Any(IsIPv6);
        var options = new List<string> { "nmap", "-sT" };
        if (six)
        {
            options.Add("-6");
        }

        // Auto discovery skips a single address, as the dashboard does; nmap's own discovery differs in its methods.
        var oneAddress = targets.Count == 1 && !targets[0].Contains('/', StringComparison.Ordinal);
        if (request.Discovery == HostDiscovery.Off || (request.Discovery == HostDiscovery.Auto && oneAddress))
        {
            options.Add("-Pn");
        }

        options.Add(Ports(request.Ports));
        if (request.TimeoutMs is { } ms)
        {
            options.Add($"--max-rtt-timeout {Number(ms)}ms");
        }

        if (request.OpenOnly)
        {
            options.Add("--open");
        }

        options.AddRange(targets.Select(ShellQuote.Posix));
        var mixed = six && targets.Any(t => !IsIPv6(t));
        return new ReproduceCommands(where ?? ThisServer,
        [
            Posix("nmap", string.Join(' ', options),
                "each port open, closed or filtered" + (mixed ? "; nmap scans one address family at a time: run it once with -6 for the IPv6 targets and once without for the rest" : "")),
        ]);
    }

    private static string Ports(string ports) => ports.Trim().ToLowerInvariant() switch
    {
        "-" => "-p-",
        "top100" => "--top-ports 100",
        "top1000" => "--top-ports 1000",
        _ => "-p " + ShellQuote.Posix(string.Concat(ports.Where(c => !char.IsWhiteSpace(c)))),
    };
}
