using System.Diagnostics.Metrics;
using System.Xml.Linq;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Features.Scan.Export;
using Dashboard.Web.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Web.Tests.Features.Scan.Export;

/// <summary>The nmap exports of a scan with a host found down: its status and reason, no ports, the counts.</summary>
public sealed class ScanExportHostsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static async Task<ScanJob> FinishedJobAsync()
    {
        ResolvedTarget up = new("10.9.0.2", System.Net.IPAddress.Parse("10.9.0.2")), down = new("gone.lan", System.Net.IPAddress.Parse("10.9.0.3"));
        var ports = Enumerable.Range(1, 31).ToArray();
        var plan = new ScanPlan([up, down], ports, 1_000, 64, DiscoverHosts: true);
        var job = new ScanJob("feedfacefeedface", new ScanRequest("10.9.0.2 gone.lan", "1-31"), plan, "tester", At);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new DashboardMetrics(services.GetRequiredService<IMeterFactory>());

        // What the engine streams for such a scan: both hosts decided, then the live one's ports.
        static async IAsyncEnumerable<ScanEvent> Events(IReadOnlyList<int> ports)
        {
            yield return new HostResult("gone.lan", "10.9.0.3", HostState.Down, "host-unreachable", "EHOSTUNREACH", null, "neighbour resolution failed", At);
            yield return new HostResult("10.9.0.2", "10.9.0.2", HostState.Up, "tcp-refused", "port 80 refused", 0.5, "a reset came back", At);
            foreach (var port in ports)
            {
                await Task.Yield();
                yield return port == 22
                    ? new ProbeResult("10.9.0.2", "10.9.0.2", 22, ProbeState.Open, 0, "OK", "Success", "connected", 0.4, "10.9.0.1:40000", "10.9.0.2:22", At, "ssh", 1)
                    : new ProbeResult("10.9.0.2", "10.9.0.2", port, ProbeState.Closed, 111, "ECONNREFUSED", "ConnectionRefused", "refused", 0.3, null, null, At, null, 1);
            }
        }

        await job.RunAsync((_, _) => Events(ports), metrics, TimeProvider.System, NullLogger.Instance);
        return job;
    }

    [Fact]
    public async Task Xml_HostDown_HasItsStatusAndReasonAndNoPorts_AndTheRunCountsIt()
    {
        var job = await FinishedJobAsync();
        using var body = new MemoryStream();

        await ScanXmlExport.WriteAsync(job, null, body, TestContext.Current.CancellationToken);

        var xml = XDocument.Parse(System.Text.Encoding.UTF8.GetString(body.ToArray()));
        var hosts = xml.Root!.Elements("host").ToList();
        var down = hosts.Single(h => h.Element("address")?.Attribute("addr")?.Value == "10.9.0.3");
        Assert.Equal(("down", "host-unreach"), (down.Element("status")?.Attribute("state")?.Value, down.Element("status")?.Attribute("reason")?.Value));
        Assert.Null(down.Element("ports"));
        Assert.Equal("gone.lan", down.Element("hostnames")?.Element("hostname")?.Attribute("name")?.Value);
        var up = hosts.Single(h => h.Element("address")?.Attribute("addr")?.Value == "10.9.0.2");
        Assert.Equal(("up", "conn-refused"), (up.Element("status")?.Attribute("state")?.Value, up.Element("status")?.Attribute("reason")?.Value));
        Assert.Equal(("closed", "30", "1-21,23-31"), (up.Element("ports")?.Element("extraports")?.Attribute("state")?.Value,
            up.Element("ports")?.Element("extraports")?.Attribute("count")?.Value, up.Element("ports")?.Element("extraports")?.Element("extrareasons")?.Attribute("ports")?.Value));
        Assert.Equal("ssh", up.Element("ports")?.Element("port")?.Element("service")?.Attribute("name")?.Value);
        var counts = xml.Root.Element("runstats")?.Element("hosts");
        Assert.Equal(("1", "1", "2"), (counts?.Attribute("up")?.Value, counts?.Attribute("down")?.Value, counts?.Attribute("total")?.Value));
    }

    [Fact]
    public async Task Gnmap_HostDown_HasAStatusLineAndNoPortsLine()
    {
        var job = await FinishedJobAsync();
        using var body = new MemoryStream();

        await ScanExport.WriteAsync("gnmap", job, null, body, TestContext.Current.CancellationToken);

        var lines = System.Text.Encoding.UTF8.GetString(body.ToArray()).Split('\n');
        Assert.Contains("Host: 10.9.0.3 (gone.lan)\tStatus: Down", lines);
        Assert.Contains("Host: 10.9.0.2 ()\tStatus: Up", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("Host: 10.9.0.3", StringComparison.Ordinal) && l.Contains("Ports:", StringComparison.Ordinal));
        Assert.Contains("Host: 10.9.0.2 ()\tPorts: 22/open/tcp//ssh///\tIgnored State: closed (30)", lines);
        Assert.Contains("(1 hosts up)", lines[^2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_RunOfDownHosts_AreOneLineEach_AndTheXmlCountsEveryAddress()
    {
        var targets = Enumerable.Range(1, 6).Select(i => new ResolvedTarget($"10.9.1.{i}", System.Net.IPAddress.Parse($"10.9.1.{i}"))).ToList();
        var plan = new ScanPlan(targets, [22], 1_000, 64, DiscoverHosts: true);
        var job = new ScanJob("feedfacefeedfac2", new ScanRequest("10.9.1.1-6", "22"), plan, "tester", At);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();

        static async IAsyncEnumerable<ScanEvent> Events()
        {
            await Task.Yield();
            yield return new HostResult("10.9.1.1", "10.9.1.1", HostState.Up, "arp", "raw socket", 0.2, "it answered ARP", At);
            yield return new HostResult("10.9.1.2", "10.9.1.2", HostState.Down, "arp", "no ARP reply", null, "silent", At, "10.9.1.6", 5);
            yield return new ProbeResult("10.9.1.1", "10.9.1.1", 22, ProbeState.Open, 0, "OK", "Success", "connected", 0.4, "10.9.1.9:40000", "10.9.1.1:22", At, "ssh", 1);
        }

        await job.RunAsync((_, _) => Events(), new DashboardMetrics(services.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger.Instance);
        using var xmlBody = new MemoryStream();
        using var gnmapBody = new MemoryStream();
        await ScanXmlExport.WriteAsync(job, null, xmlBody, TestContext.Current.CancellationToken);
        await ScanExport.WriteAsync("gnmap", job, null, gnmapBody, TestContext.Current.CancellationToken);

        var xml = XDocument.Parse(System.Text.Encoding.UTF8.GetString(xmlBody.ToArray()));
        Assert.Single(xml.Root!.Elements("host"));
        Assert.Contains(xml.Root.Nodes().OfType<XComment>(), c => c.Value == " down: 10.9.1.2 - 10.9.1.6 (5 hosts): arp ");
        var counts = xml.Root.Element("runstats")?.Element("hosts");
        Assert.Equal(("1", "5", "6"), (counts?.Attribute("up")?.Value, counts?.Attribute("down")?.Value, counts?.Attribute("total")?.Value));
        var lines = System.Text.Encoding.UTF8.GetString(gnmapBody.ToArray()).Split('\n');
        Assert.Contains("# Down: 10.9.1.2 - 10.9.1.6 (5 hosts): arp", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("Host: 10.9.1.3", StringComparison.Ordinal));
    }
}
