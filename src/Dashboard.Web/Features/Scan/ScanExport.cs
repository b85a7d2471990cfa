using System.Globalization;
using System.Text;
using System.Text.Json;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Components;

namespace Dashboard.Web.Features.Scan;

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
            case "json":
                await JsonSerializer.SerializeAsync(body, job.Select(states), Json, cancellationToken);
                break;
            case "csv":
                await WriteLinesAsync(body, Csv(job.Select(states)), cancellationToken);
                break;
            case "xml":
                await ScanXmlExport.WriteAsync(job, states, body, cancellationToken);
                break;
            default:
                await WriteLinesAsync(body, Grepable(job, states), cancellationToken);
                break;
        }
    }

    private static IEnumerable<string> Csv(IEnumerable<ProbeResult> results)
    {
        yield return "host,address,port,state,code,codeName,rttMs,localEndPoint,remoteEndPoint,at,service";
        foreach (var r in results)
        {
            yield return string.Join(',', Field(r.Host), Field(r.Address), r.Port.ToString(CultureInfo.InvariantCulture),
                WireName.Of(r.State), r.Code.ToString(CultureInfo.InvariantCulture), r.CodeName,
                r.RttMs?.ToString("0.###", CultureInfo.InvariantCulture) ?? "", Field(r.LocalEndPoint), Field(r.RemoteEndPoint),
                r.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), Field(r.Service));
        }
    }

    // nmap -oG: a Status line per host (up or down), then one line per host with its ports as
    // port/state/protocol//service///; ports of an ignored state are counted, not listed.
    private static IEnumerable<string> Grepable(ScanJob job, IReadOnlySet<ProbeState>? states)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"# Socket Dashboard scan {job.Id} initiated {job.StartedAt:ddd MMM d HH:mm:ss yyyy} as: targets={job.Request.Targets} ports={job.Request.Ports}");
        if (job.Denials.Addresses + job.Denials.Ports > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"# Skipped by policy: {job.Denials.Addresses} addresses, {job.Denials.Ports} ports; nothing was sent there ({job.Denials.Note})");
        }

        foreach (var host in job.Hosts)
        {
            var name = host.Host == host.Address ? "" : host.Host;
            yield return $"Host: {host.Address} ({name})\tStatus: {(host.State == HostState.Up ? "Up" : "Down")}";
        }

        foreach (var host in job.Select(states).GroupBy(r => (r.Address, r.Host)))
        {
            var ignored = IgnoredStates(host);
            var listed = host.Where(r => !ignored.Contains(r.State)).OrderBy(r => r.Port)
                .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Port}/{GrepableState(r.State)}/tcp//{r.Service}///"));
            var name = host.Key.Host == host.Key.Address ? "" : host.Key.Host;
            // Like nmap's, the grepable line can name only one ignored state.
            yield return $"Host: {host.Key.Address} ({name})\tPorts: {string.Join(", ", listed)}" +
                         (ignored.Count == 1 ? string.Create(CultureInfo.InvariantCulture, $"\tIgnored State: {GrepableState(ignored[0])} ({host.Count(r => r.State == ignored[0])})") : "");
        }

        yield return string.Create(CultureInfo.InvariantCulture,
            $"# Socket Dashboard done at {job.FinishedAt ?? DateTimeOffset.UtcNow:ddd MMM d HH:mm:ss yyyy} -- {job.AddressCount} IP address(es) ({job.Hosts.Count(h => h.State == HostState.Up)} hosts up) scanned in {job.ElapsedMs / 1000:F2} seconds ({job.State.ToString().ToLowerInvariant()})");
    }

    private static string GrepableState(ProbeState state) => state switch
    {
        ProbeState.Open => "open",
        ProbeState.Closed => "closed",
        ProbeState.Filtered or ProbeState.Unreachable => "filtered",
        _ => "unknown",
    };

    /// <summary>The states of one host's ports that nmap would not list (more than <see cref="MaxListedPerState"/>, never open).</summary>
    public static IReadOnlyList<ProbeState> IgnoredStates(IEnumerable<ProbeResult> ports) =>
        ports.GroupBy(p => p.State)
            .Where(g => g.Key != ProbeState.Open && g.Count() > MaxListedPerState).Select(g => g.Key).Order().ToList();

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

    private static string Field(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

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
