using System.Diagnostics;
using System.Net;
using System.Xml.Linq;
using Dashboard.Contracts;
using Dashboard.Contracts.Scan;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Scan.Export;

/// <summary>The nmap XML export (-oX): it parses, says what nmap would, and has nmap's own element and attribute names.</summary>
public sealed class ScanXmlExportTests(DashboardHost dashboard) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<(XDocument Xml, HttpResponseMessage Response, int Open, int[] Closed)> ExportAsync(int closedCount)
    {
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var closedPorts = new ClosedPorts(IPAddress.Loopback, closedCount);
        await using var hub = await dashboard.ConnectHubAsync(Token);
        string? id = null;
        await foreach (var batch in hub.StreamAsync<ScanBatch>(ProbeHubRoutes.Scan, new ScanRequest("127.0.0.1", string.Join(',', closedPorts.Ports.Prepend(open.Port))), Token))
        {
            id = batch.ScanId;
        }

        using var http = dashboard.Http();
        var response = await http.GetAsync(new Uri($"api/scans/{id}/results.xml", UriKind.Relative), Token);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        return (xml, response, open.Port, closedPorts.Ports);
    }

    [Fact]
    public async Task Xml_ParsesAndSaysWhatNmapWould()
    {
        var (xml, response, open, closed) = await ExportAsync(closedCount: 30);
        using var _ = response;

        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var root = xml.Root!;
        Assert.Equal("nmaprun", root.Name.LocalName);
        Assert.Equal("nmaprun", xml.DocumentType?.Name);
        Assert.Equal("connect", root.Element("scaninfo")?.Attribute("type")?.Value);
        var host = Assert.Single(root.Elements("host"));
        Assert.Equal("up", host.Element("status")?.Attribute("state")?.Value);
        Assert.False(string.IsNullOrEmpty(host.Element("status")?.Attribute("reason")?.Value));
        Assert.Equal(("127.0.0.1", "ipv4"), (host.Element("address")?.Attribute("addr")?.Value, host.Element("address")?.Attribute("addrtype")?.Value));
        var ports = host.Element("ports")!;
        var extra = Assert.Single(ports.Elements("extraports"));
        Assert.Equal(("closed", "30"), (extra.Attribute("state")?.Value, extra.Attribute("count")?.Value));
        Assert.Equal(("conn-refused", "30"), (extra.Element("extrareasons")?.Attribute("reason")?.Value, extra.Element("extrareasons")?.Attribute("count")?.Value));
        var port = Assert.Single(ports.Elements("port"));
        Assert.Equal(("tcp", open.ToString(System.Globalization.CultureInfo.InvariantCulture)), (port.Attribute("protocol")?.Value, port.Attribute("portid")?.Value));
        Assert.Equal(("open", "syn-ack"), (port.Element("state")?.Attribute("state")?.Value, port.Element("state")?.Attribute("reason")?.Value));
        var hosts = root.Element("runstats")?.Element("hosts");
        Assert.Equal(("1", "0", "1"), (hosts?.Attribute("up")?.Value, hosts?.Attribute("down")?.Value, hosts?.Attribute("total")?.Value));
        Assert.Equal("success", root.Element("runstats")?.Element("finished")?.Attribute("exit")?.Value);
        Assert.NotEmpty(closed);
    }

    [Fact]
    public async Task Xml_FewClosedPorts_ListsEachWithItsReasonAndService()
    {
        var (xml, response, _, closed) = await ExportAsync(closedCount: 3);
        using var _ = response;

        var ports = xml.Root!.Element("host")!.Element("ports")!;
        Assert.Empty(ports.Elements("extraports"));
        var closedRows = ports.Elements("port").Where(p => p.Element("state")?.Attribute("state")?.Value == "closed").ToList();
        Assert.Equal(closed.Order().Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), closedRows.Select(p => p.Attribute("portid")!.Value));
        Assert.All(closedRows, p => Assert.Equal("conn-refused", p.Element("state")?.Attribute("reason")?.Value));
    }

    [Fact]
    public async Task Xml_HasNmapsOwnElementAndAttributeNames()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/nmap") && OperatingSystem.IsLinux() && Environment.UserName == "root",
            "needs nmap and root (nmap scans loopback inside a network namespace of the test's own)");
        var (ours, response, _, _) = await ExportAsync(closedCount: 30);
        using var _ = response;

        var nmaps = XDocument.Parse(await NmapXmlAsync());

        var theirs = Names(nmaps);
        var missing = Names(ours).Except(theirs).ToList();
        Assert.True(missing.Count == 0, $"not in nmap's XML: {string.Join(", ", missing)}");
        string[] essential = ["nmaprun", "nmaprun/scaninfo", "nmaprun/host/status@state", "nmaprun/host/status@reason", "nmaprun/host/address@addr",
            "nmaprun/host/ports/extraports@state", "nmaprun/host/ports/extraports@count", "nmaprun/host/ports/port@portid",
            "nmaprun/host/ports/port/state@state", "nmaprun/host/ports/port/service@name", "nmaprun/runstats/finished@elapsed", "nmaprun/runstats/hosts@up"];
        Assert.All(essential, name => Assert.Contains(name, theirs));
        // Our open port is an ephemeral one: no service name to write.
        Assert.All(essential.Where(n => !n.Contains("service", StringComparison.Ordinal)), name => Assert.Contains(name, Names(ours)));
    }

    // Every element path and element path@attribute in the document.
    private static HashSet<string> Names(XDocument xml) =>
        xml.Descendants().SelectMany(e =>
        {
            var path = string.Join('/', e.AncestorsAndSelf().Reverse().Select(a => a.Name.LocalName));
            return e.Attributes().Select(a => $"{path}@{a.Name.LocalName}").Prepend(path);
        }).ToHashSet();

    // nmap's own -oX of 30 closed ports and an open one, in a network namespace that only this test uses.
    private static async Task<string> NmapXmlAsync()
    {
        // The listener is up before nmap starts: python holds it and runs nmap itself.
        const string Script = """
            ip link set lo up
            exec python3 -c 'import socket, subprocess, sys; s = socket.socket(); s.bind(("127.0.0.1", 22)); s.listen(8); sys.stdout.write(subprocess.run(["nmap", "-n", "-sT", "-p", "1-31", "127.0.0.1", "-oX", "-"], capture_output=True, text=True).stdout)'
            """;
        var start = new ProcessStartInfo("unshare", ["--net", "bash", "-c", Script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        Assert.True(output.Contains("</nmaprun>", StringComparison.Ordinal), $"nmap gave no XML: {await process.StandardError.ReadToEndAsync(Token)}");
        return output;
    }
}
