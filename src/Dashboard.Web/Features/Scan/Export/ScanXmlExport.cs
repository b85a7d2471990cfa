using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;

namespace Dashboard.Web.Features.Scan.Export;

/// <summary>
/// A scan as nmap's XML output (<c>-oX</c>): the same elements and attributes, so tools that read
/// nmap's XML read ours. Each state with more than <see cref="ScanExport.MaxListedPerState"/> ports
/// (except open) is summed in <c>&lt;extraports&gt;</c>, as nmap does; hosts found down are listed with
/// their <c>&lt;status state="down"&gt;</c> (nmap lists them only with <c>-v</c>).
/// </summary>
public static class ScanXmlExport
{
    public static async Task WriteAsync(ScanJob job, IReadOnlySet<ProbeState>? states, Stream body, CancellationToken cancellationToken)
    {
        var settings = new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = false, NewLineHandling = NewLineHandling.Entitize };
        await using var xml = XmlWriter.Create(body, settings);
        var started = job.StartedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await xml.WriteStartDocumentAsync();
        await xml.WriteDocTypeAsync("nmaprun", null, null, null);
        await xml.WriteStartElementAsync(null, "nmaprun", null);
        await Attributes(xml, ("scanner", "socket-dashboard"), ("args", $"targets={job.Request.Targets} ports={job.Request.Ports}"),
            ("start", started), ("startstr", Time(job.StartedAt)), ("version", "1.0"), ("xmloutputversion", "1.05"));
        await Empty(xml, "scaninfo", ("type", "connect"), ("protocol", "tcp"), ("numservices", Number(job.PortCount)), ("services", job.Request.Ports));
        await Empty(xml, "verbose", ("level", "0"));
        await Empty(xml, "debugging", ("level", "0"));

        var hosts = job.Hosts.ToList();
        var groups = new ResultsByHost(job, states, [.. hosts.Select(h => h.Address)]);
        // A scan without discovery (one host, or discovery off) may have ports of a host it never decided on: it was taken as up.
        var decided = hosts.Select(h => h.Address).ToHashSet(StringComparer.Ordinal);
        hosts.AddRange(groups.Addresses.Where(a => !decided.Contains(a))
            .Select(a => new HostResult(groups.Of(a)[0].Host, a, HostState.Up, "user-set", null, null, "assumed up", job.StartedAt)));
        foreach (var host in hosts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (host.LastAddress is null)
            {
                await WriteHostAsync(xml, host, groups.Of(host.Address));
            }
            else
            {
                // A run of down addresses is one comment, not a host element each (nmap's XML lists down hosts only with -v).
                await xml.WriteCommentAsync(string.Create(CultureInfo.InvariantCulture,
                    $" down: {host.Address} - {host.LastAddress} ({host.Addresses} hosts): {host.Method.Replace("--", "-", StringComparison.Ordinal)} "));
            }
        }

        var up = hosts.Count(h => h.State == HostState.Up);
        var total = hosts.Sum(h => (long)h.Addresses);
        var finished = job.FinishedAt ?? DateTimeOffset.UtcNow;
        var elapsed = (job.ElapsedMs / 1000).ToString("0.00", CultureInfo.InvariantCulture);
        await xml.WriteStartElementAsync(null, "runstats", null);
        await Empty(xml, "finished", ("time", finished.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)), ("timestr", Time(finished)),
            ("summary", $"Socket Dashboard done at {Time(finished)}; {job.AddressCount} IP address{(job.AddressCount == 1 ? "" : "es")} ({up} host{(up == 1 ? "" : "s")} up) scanned in {elapsed} seconds"),
            ("elapsed", elapsed), ("exit", job.State == ScanState.Completed ? "success" : "error"));
        await Empty(xml, "hosts", ("up", Number(up)), ("down", Number(total - up)), ("total", Number(total)));
        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    private static async Task WriteHostAsync(XmlWriter xml, HostResult host, ResultsByHost.HostSlice ports)
    {
        await xml.WriteStartElementAsync(null, "host", null);
        if (ports.Count > 0)
        {
            var (first, last) = (DateTimeOffset.MaxValue, DateTimeOffset.MinValue);
            for (var i = 0; i < ports.Count; i++)
            {
                var at = ports.AtOf(i);
                (first, last) = (at < first ? at : first, at > last ? at : last);
            }

            await Attributes(xml, ("starttime", first.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
                ("endtime", last.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }

        await Empty(xml, "status", ("state", host.State == HostState.Up ? "up" : "down"), ("reason", HostReason(host.Method)), ("reason_ttl", "0"));
        await Empty(xml, "address", ("addr", host.Address), ("addrtype", IPAddress.TryParse(host.Address, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4"));
        await xml.WriteStartElementAsync(null, "hostnames", null);
        if (host.Host != host.Address)
        {
            await Empty(xml, "hostname", ("name", host.Host), ("type", "user"));
        }

        await xml.WriteEndElementAsync();
        if (host.State == HostState.Up)
        {
            await xml.WriteStartElementAsync(null, "ports", null);
            var counts = ScanExport.CountStates(ports);
            var ignored = ScanExport.IgnoredStates(counts);
            foreach (var state in ignored)
            {
                var count = counts[(int)state];
                await xml.WriteStartElementAsync(null, "extraports", null);
                await Attributes(xml, ("state", PortState(state)), ("count", Number(count)));
                await Empty(xml, "extrareasons", ("reason", PortReason(state)), ("count", Number(count)), ("proto", "tcp"),
                    ("ports", ScanExport.Ranges(PortsOf(ports, state))));
                await xml.WriteEndElementAsync();
            }

            for (var i = 0; i < ports.Count; i++)
            {
                if (ignored.Contains(ports.StateAt(i)))
                {
                    continue;
                }

                var port = ports[i];
                await xml.WriteStartElementAsync(null, "port", null);
                await Attributes(xml, ("protocol", "tcp"), ("portid", Number(port.Port)));
                await Empty(xml, "state", ("state", PortState(port.State)), ("reason", PortReason(port.State)), ("reason_ttl", "0"));
                if (port.Service is not null)
                {
                    await Empty(xml, "service", ("name", port.Service), ("method", "table"), ("conf", "3"));
                }

                await xml.WriteEndElementAsync();
            }

            await xml.WriteEndElementAsync();
            if (host.RttMs is { } rtt)
            {
                var microseconds = Number((int)Math.Round(rtt * 1000));
                await Empty(xml, "times", ("srtt", microseconds), ("rttvar", microseconds), ("to", Number(Math.Max(100_000, (int)Math.Round(rtt * 4000)))));
            }
        }

        await xml.WriteEndElementAsync();
    }

    private static IEnumerable<int> PortsOf(ResultsByHost.HostSlice ports, ProbeState state)
    {
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports.StateAt(i) == state)
            {
                yield return ports.PortAt(i);
            }
        }
    }

    /// <summary>nmap's name for a port state; a connect that failed otherwise is nmap's <c>unknown</c>.</summary>
    private static string PortState(ProbeState state) => state switch
    {
        ProbeState.Open => "open",
        ProbeState.Closed => "closed",
        ProbeState.Filtered or ProbeState.Unreachable => "filtered",
        _ => "unknown",
    };

    /// <summary>nmap's reason for a connect scan's port state.</summary>
    private static string PortReason(ProbeState state) => state switch
    {
        ProbeState.Open => "syn-ack",
        ProbeState.Closed => "conn-refused",
        ProbeState.Filtered => "no-response",
        ProbeState.Unreachable => "host-unreach",
        _ => "unknown-response",
    };

    /// <summary>nmap's reason for a host's status, from the method that decided it.</summary>
    private static string HostReason(string method) => method switch
    {
        "tcp-connect" => "syn-ack",
        "tcp-refused" => "conn-refused",
        "icmp-echo" => "echo-reply",
        "arp" => "arp-response",
        "no-route" => "net-unreach",
        "host-unreachable" => "host-unreach",
        "user-set" => "user-set",
        _ => "no-response",
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task Attributes(XmlWriter xml, params (string Name, string Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
        {
            await xml.WriteAttributeStringAsync(null, name, null, ExportText.Xml(value));
        }
    }

    private static async Task Empty(XmlWriter xml, string element, params (string Name, string Value)[] attributes)
    {
        await xml.WriteStartElementAsync(null, element, null);
        await Attributes(xml, attributes);
        await xml.WriteEndElementAsync();
    }
}
