using System.Globalization;
using System.Text;
using System.Text.Json;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Components;

namespace Dashboard.Web.Features.Scan;

/// <summary>A scan's results as CSV, JSON (the hub's own records), nmap's grepable format (-oG) or nmap's XML (-oX, <see cref="ScanExportXml"/>).</summary>
public static class ScanExport
{
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
                await ScanExportXml.WriteAsync(job, states, body, cancellationToken);
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
    // port/state/protocol//service///. As nmap does, the host's most common state other than open is
    // counted, not listed ("Ignored State: filtered (1000)"): a scan where everything is filtered is
    // one line per host, not 65,535 entries.
    private static IEnumerable<string> Grepable(ScanJob job, IReadOnlySet<ProbeState>? states)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"# Socket Dashboard scan {job.Id} initiated {job.StartedAt:ddd MMM d HH:mm:ss yyyy} as: targets={job.Request.Targets} ports={job.Request.Ports}");
        foreach (var host in job.Hosts)
        {
            var name = host.Host == host.Address ? "" : host.Host;
            yield return $"Host: {host.Address} ({name})\tStatus: {(host.State == HostState.Up ? "Up" : "Down")}";
        }

        foreach (var host in job.Select(states).GroupBy(r => (r.Address, r.Host)))
        {
            var ignored = IgnoredState(host);
            var listed = host.Where(r => r.State != ignored?.State).OrderBy(r => r.Port)
                .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Port}/{GrepableState(r.State)}/tcp//{r.Service}///"));
            var name = host.Key.Host == host.Key.Address ? "" : host.Key.Host;
            yield return $"Host: {host.Key.Address} ({name})\tPorts: {string.Join(", ", listed)}" +
                         (ignored is { } i ? string.Create(CultureInfo.InvariantCulture, $"\tIgnored State: {GrepableState(i.State)} ({i.Count})") : "");
        }

        yield return string.Create(CultureInfo.InvariantCulture,
            $"# Socket Dashboard done at {job.FinishedAt ?? DateTimeOffset.UtcNow:ddd MMM d HH:mm:ss yyyy} -- {job.AddressCount} IP address(es) ({job.Hosts.Count(h => h.State == HostState.Up)} hosts up) scanned in {job.ElapsedMs / 1000:F2} seconds ({job.State.ToString().ToLowerInvariant()})");
    }

    /// <summary>The state nmap would leave out of a host's port list: its most common one other than open (closed first on a tie).</summary>
    public static (ProbeState State, int Count)? IgnoredState(IEnumerable<ProbeResult> host) =>
        host.Where(r => r.State != ProbeState.Open).GroupBy(r => r.State)
            .Select(g => (State: g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.State == ProbeState.Closed ? 0 : 1)
            .Select(g => ((ProbeState, int)?)g).FirstOrDefault();

    private static string GrepableState(ProbeState state) => state switch
    {
        ProbeState.Open => "open",
        ProbeState.Closed => "closed",
        ProbeState.Filtered => "filtered",
        _ => "unknown",
    };

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
