using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Components;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// A scan as nmap's XML output (<c>-oX</c>): what tools that read nmap's files (ndiff, importers)
/// expect. As in nmap, a host's most common state other than open is not listed port by port but
/// counted in one <c>&lt;extraports state="closed" count="998"/&gt;</c>.
/// </summary>
public static class ScanExportXml
{
    public static async Task WriteAsync(ScanJob job, IReadOnlySet<ProbeState>? states, Stream body, CancellationToken cancellationToken)
    {
        var settings = new XmlWriterSettings { Async = true, Indent = true, Encoding = new UTF8Encoding(false) };
        await using var xml = XmlWriter.Create(body, settings);
        await xml.WriteStartDocumentAsync();
        xml.WriteStartElement("nmaprun");
        xml.WriteAttributeString("scanner", "socket-dashboard");
        xml.WriteAttributeString("args", $"targets={job.Request.Targets} ports={job.Request.Ports}");
        xml.WriteAttributeString("start", Unix(job.StartedAt));
        xml.WriteAttributeString("startstr", Text(job.StartedAt));
        xml.WriteAttributeString("xmloutputversion", "1.05");
        xml.WriteStartElement("scaninfo");
        xml.WriteAttributeString("type", "connect");
        xml.WriteAttributeString("protocol", "tcp");
        xml.WriteAttributeString("numservices", job.PortCount.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("services", job.Request.Ports.Trim() == "-" ? "1-65535" : job.Request.Ports);
        xml.WriteEndElement();

        var byHost = job.Select(states).GroupBy(r => r.Address ?? r.Host).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var host in job.Hosts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteHost(xml, host, byHost.GetValueOrDefault(host.Address) ?? []);
        }

        xml.WriteStartElement("runstats");
        xml.WriteStartElement("finished");
        var finished = job.FinishedAt ?? DateTimeOffset.UtcNow;
        xml.WriteAttributeString("time", Unix(finished));
        xml.WriteAttributeString("timestr", Text(finished));
        xml.WriteAttributeString("elapsed", (job.ElapsedMs / 1000).ToString("F2", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("exit", job.Outcome is ScanOutcome.Completed or null ? "success" : "error");
        xml.WriteAttributeString("summary", $"scan {WireName.Of(job.State)}");
        xml.WriteEndElement();
        var up = job.Hosts.Count(h => h.State == HostState.Up);
        xml.WriteStartElement("hosts");
        xml.WriteAttributeString("up", up.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("down", (job.Hosts.Count - up).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("total", job.Hosts.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        xml.WriteEndElement();
        await xml.WriteEndElementAsync();
        await xml.FlushAsync();
    }

    private static void WriteHost(XmlWriter xml, HostResult host, List<ProbeResult> ports)
    {
        xml.WriteStartElement("host");
        xml.WriteStartElement("status");
        xml.WriteAttributeString("state", host.State == HostState.Up ? "up" : "down");
        xml.WriteAttributeString("reason", host.Reason);
        xml.WriteEndElement();
        xml.WriteStartElement("address");
        xml.WriteAttributeString("addr", host.Address);
        xml.WriteAttributeString("addrtype", IPAddress.TryParse(host.Address, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4");
        xml.WriteEndElement();
        xml.WriteStartElement("hostnames");
        if (host.Host != host.Address)
        {
            xml.WriteStartElement("hostname");
            xml.WriteAttributeString("name", host.Host);
            xml.WriteAttributeString("type", "user");
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        if (host.State == HostState.Up)
        {
            var ignored = ScanExport.IgnoredState(ports);
            xml.WriteStartElement("ports");
            if (ignored is { } i)
            {
                xml.WriteStartElement("extraports");
                xml.WriteAttributeString("state", NmapState(i.State));
                xml.WriteAttributeString("count", i.Count.ToString(CultureInfo.InvariantCulture));
                xml.WriteStartElement("extrareasons");
                xml.WriteAttributeString("reason", Reason(i.State));
                xml.WriteAttributeString("count", i.Count.ToString(CultureInfo.InvariantCulture));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            foreach (var port in ports.Where(p => p.State != ignored?.State).OrderBy(p => p.Port))
            {
                xml.WriteStartElement("port");
                xml.WriteAttributeString("protocol", "tcp");
                xml.WriteAttributeString("portid", port.Port.ToString(CultureInfo.InvariantCulture));
                xml.WriteStartElement("state");
                xml.WriteAttributeString("state", NmapState(port.State));
                xml.WriteAttributeString("reason", Reason(port.State));
                xml.WriteAttributeString("reason_ttl", "0");
                xml.WriteEndElement();
                if (port.Service is { } service)
                {
                    xml.WriteStartElement("service");
                    xml.WriteAttributeString("name", service);
                    xml.WriteAttributeString("method", "table");
                    xml.WriteAttributeString("conf", "3");
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static string NmapState(ProbeState state) => state switch
    {
        ProbeState.Open => "open",
        ProbeState.Closed => "closed",
        ProbeState.Filtered or ProbeState.Unreachable => "filtered",
        _ => "unknown",
    };

    private static string Reason(ProbeState state) => state switch
    {
        ProbeState.Open => "syn-ack",
        ProbeState.Closed => "conn-refused",
        ProbeState.Filtered => "no-response",
        ProbeState.Unreachable => "host-unreach",
        _ => "error",
    };

    private static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture);
}
