using System.Globalization;
using System.Text;
using System.Text.Json;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features.Audit;

namespace Dashboard.Web.Features.Scan.Export;

/// <summary>A scan's results as CSV, JSON (the hub's own records), nmap's grepable format (-oG) or nmap's XML (-oX).</summary>
public static class ScanExport
{
    /// <summary>
    /// nmap lists a host's ports of one state only while there are at most this many (25); past it the state is
    /// "ignored": summed (<c>Ignored State: closed (990)</c>, <c>&lt;extraports&gt;</c>), its ports not listed. Open never is.
    /// </summary>
    public const int MaxListedPerState = 25;

    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        ["csv"] = "text/csv; charset=utf-8",
        ["json"] = "application/json; charset=utf-8",
        ["gnmap"] = "text/plain; charset=utf-8",
        ["xml"] = "application/xml; charset=utf-8",
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task WriteAsync(string format, ScanJob job, IReadOnlySet<ProbeState>? states, Stream body, CancellationToken cancellationToken)
    {
        switch (format)
        {
            // By host (in numeric order) then port, as nmap writes them, whatever order they arrived in.
            case "json":
                await JsonSerializer.SerializeAsync(body, new ResultsByHost(job, states, null).InOrder(), Json, cancellationToken);
                break;
            case "csv":
                await WriteLinesAsync(body, Csv(new ResultsByHost(job, states, null).InOrder()), cancellationToken);
                break;
            case "xml":
                await ScanXmlExport.WriteAsync(job, states, body, cancellationToken);
                break;
            default:
                await WriteLinesAsync(body, Grepable(job, states), cancellationToken);
                break;
        }
    }

    // Every field through the one CSV escaper (the audit trail's): quoted, quotes doubled, formulas neutralised.
    private static IEnumerable<string> Csv(IEnumerable<ProbeResult> results)
    {
        yield return "host,address,port,state,code,codeName,rttMs,localEndPoint,remoteEndPoint,at,service";
        foreach (var r in results)
        {
            yield return string.Join(',', AuditCsv.Field(r.Host), AuditCsv.Field(r.Address), AuditCsv.Field(r.Port.ToString(CultureInfo.InvariantCulture)),
                AuditCsv.Field(WireName.Of(r.State)), AuditCsv.Field(r.Code.ToString(CultureInfo.InvariantCulture)), AuditCsv.Field(r.CodeName),
                AuditCsv.Field(r.RttMs?.ToString("0.###", CultureInfo.InvariantCulture)), AuditCsv.Field(r.LocalEndPoint), AuditCsv.Field(r.RemoteEndPoint),
                AuditCsv.Field(r.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), AuditCsv.Field(r.Service));
        }
    }

    // nmap -oG: a Status line per host (up or down), then one line per host with its ports as
    // port/state/protocol//service///; ports of an ignored state are counted, not listed. Every text a target or an
    // agent chose is escaped (ExportText), so no tab, newline, comma or slash in it forges a field or a line.
    private static IEnumerable<string> Grepable(ScanJob job, IReadOnlySet<ProbeState>? states)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"# Socket Dashboard scan {job.Id} initiated {job.StartedAt:ddd MMM d HH:mm:ss yyyy} as: targets={ExportText.Grepable(job.Request.Targets)} ports={ExportText.Grepable(job.Request.Ports)}");
        if (job.Denials.Addresses + job.Denials.Ports > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"# Skipped by policy: {job.Denials.Addresses} addresses, {job.Denials.Ports} ports; nothing was sent there ({ExportText.Grepable(job.Denials.Note)})");
        }

        var hosts = job.Hosts;
        foreach (var host in hosts)
        {
            // A run of down addresses is one comment line (nmap itself lists down hosts only with -v): one line, not thousands.
            yield return host.LastAddress is null
                ? $"Host: {HostText(host.Address, host.Host)}\tStatus: {(host.State == HostState.Up ? "Up" : "Down")}"
                : string.Create(CultureInfo.InvariantCulture,
                    $"# Down: {ExportText.Grepable(host.Address)} - {ExportText.Grepable(host.LastAddress)} ({host.Addresses} hosts): {ExportText.Grepable(host.Method)}");
        }

        var groups = new ResultsByHost(job, states, [.. hosts.Select(h => h.Address)]);
        for (var h = 0; h < groups.Addresses.Count; h++)
        {
            var ports = groups.Of(h);
            if (ports.Count == 0)
            {
                continue;
            }

            var counts = CountStates(ports);
            var ignored = IgnoredStates(counts);
            var listed = new StringBuilder();
            for (var i = 0; i < ports.Count; i++)
            {
                if (!ignored.Contains(ports.StateAt(i)))
                {
                    var r = ports[i];
                    listed.Append(listed.Length > 0 ? ", " : "").Append(CultureInfo.InvariantCulture,
                        $"{r.Port}/{GrepableState(r.State)}/tcp//{ExportText.Grepable(r.Service, ",/")}///");
                }
            }

            // Like nmap's, the grepable line can name only one ignored state.
            yield return $"Host: {HostText(groups.Addresses[h], ports[0].Host)}\tPorts: {listed}" +
                         (ignored.Count == 1 ? string.Create(CultureInfo.InvariantCulture, $"\tIgnored State: {GrepableState(ignored[0])} ({counts[(int)ignored[0]]})") : "");
        }

        yield return string.Create(CultureInfo.InvariantCulture,
            $"# Socket Dashboard done at {job.FinishedAt ?? DateTimeOffset.UtcNow:ddd MMM d HH:mm:ss yyyy} -- {job.AddressCount} IP address(es) ({hosts.Count(h => h.State == HostState.Up)} hosts up) scanned in {job.ElapsedMs / 1000:F2} seconds ({job.State.ToString().ToLowerInvariant()})");
    }

    private static string HostText(string address, string host) =>
        $"{ExportText.Grepable(address, "()")} ({(host == address ? "" : ExportText.Grepable(host, "()"))})";

    /// <summary>How many results of each state a host has, by <see cref="ProbeState"/> value.</summary>
    internal static long[] CountStates(ResultsByHost.HostSlice ports)
    {
        var counts = new long[Enum.GetValues<ProbeState>().Max(s => (int)s) + 1];
        for (var i = 0; i < ports.Count; i++)
        {
            counts[(int)ports.StateAt(i)]++;
        }

        return counts;
    }

    /// <summary>The states nmap would not list (more than <see cref="MaxListedPerState"/>, never open), from <see cref="CountStates"/>.</summary>
    internal static IReadOnlyList<ProbeState> IgnoredStates(long[] counts) =>
        [.. Enum.GetValues<ProbeState>().Where(s => s != ProbeState.Open && counts[(int)s] > MaxListedPerState).Order()];

    private static string GrepableState(ProbeState state) => state switch
    {
        ProbeState.Open => "open",
        ProbeState.Closed => "closed",
        ProbeState.Filtered or ProbeState.Unreachable => "filtered",
        _ => "unknown",
    };

    /// <summary>Ports as nmap writes them in a list: sorted, runs as ranges (<c>1-21,23-79</c>).</summary>
    public static string Ranges(IEnumerable<int> ports)
    {
        var text = new StringBuilder();
        int? start = null, end = null;
        foreach (var port in ports.Order().Append(int.MaxValue))
        {
            if (end is { } e && port == e + 1)
            {
                end = port;
                continue;
            }

            if (start is { } s)
            {
                text.Append(text.Length > 0 ? "," : "").Append(s.ToString(CultureInfo.InvariantCulture));
                if (end != s)
                {
                    text.Append('-').Append(end!.Value.ToString(CultureInfo.InvariantCulture));
                }
            }

            (start, end) = (port, port);
        }

        return text.ToString();
    }

    private static async Task WriteLinesAsync(Stream body, IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        foreach (var line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteAsync(line);
            await writer.WriteAsync('\n');
        }
    }
}
