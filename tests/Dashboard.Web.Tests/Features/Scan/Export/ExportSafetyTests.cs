using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Dashboard.Contracts.Paths;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;
using Dashboard.Web.Features.Paths;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Features.Scan.Export;
using Dashboard.Web.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Web.Tests.Features.Scan.Export;

/// <summary>
/// Every export is safe for any string a target or an agent can put in a result: CSV parses to the same rows and columns
/// with formulas neutralised, XML is well-formed, grepable lines are not forged, JSON parses.
/// </summary>
public sealed class ExportSafetyTests
{
    private const string Formula = "=cmd|' /C calc'!A0";
    private const string Forger = "evil\"name,\r\nHost: 6.6.6.6 ()\tStatus: Up\u0001\u2028\\";
    private const string Service = "ht,tp/x\u0001\n6.6.6.6";
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static async Task<ScanJob> HostileJobAsync()
    {
        ResolvedTarget a = new(Formula, System.Net.IPAddress.Parse("10.9.0.2")), b = new(Forger, System.Net.IPAddress.Parse("10.9.0.3"));
        var plan = new ScanPlan([a, b], [1, 2, 3], 1_000, 64, DiscoverHosts: true);
        var job = new ScanJob("badc0ffee0ddf00d", new ScanRequest("10.9.0.2\n# forged", "1-3"), plan, "tester", At);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new DashboardMetrics(services.GetRequiredService<IMeterFactory>());

        static async IAsyncEnumerable<ScanEvent> Events()
        {
            yield return new HostResult(Formula, "10.9.0.2", HostState.Up, "tcp-refused", "port 1 refused", 0.5, "a reset came back", At);
            yield return new HostResult(Forger, "10.9.0.3", HostState.Up, "tcp-refused", "port 1 refused", 0.5, "a reset came back", At);
            foreach (var (label, address) in new[] { (Formula, "10.9.0.2"), (Forger, "10.9.0.3") })
            {
                await Task.Yield();
                yield return new ProbeResult(label, address, 1, ProbeState.Open, 0, "+SUM(1)", "Success", "connected\u0001", 0.4, "@10.9.0.1:4000", "-2+3", At, Service, 1);
                yield return new ProbeResult(label, address, 2, ProbeState.Closed, 111, "ECONNREFUSED", "ConnectionRefused", "refused", 0.3, null, null, At, null, 1);
                yield return new ProbeResult(label, address, 3, ProbeState.Closed, 111, "ECONNREFUSED", "ConnectionRefused", "refused", 0.3, null, null, At, null, 1);
            }
        }

        await job.RunAsync((_, _) => Events(), metrics, TimeProvider.System, NullLogger.Instance);
        return job;
    }

    private static async Task<string> ExportAsync(string format)
    {
        var job = await HostileJobAsync();
        using var body = new MemoryStream();
        await ScanExport.WriteAsync(format, job, null, body, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(body.ToArray());
    }

    [Fact]
    public async Task Csv_ParsesToOneRowPerResult_ElevenColumnsEach_FormulasNeutralised_TextKept()
    {
        var rows = Rfc4180.Parse(await ExportAsync("csv"));

        Assert.Equal(7, rows.Count);
        Assert.All(rows, row => Assert.Equal(11, row.Count));
        Assert.Equal(3, rows.Count(r => r[0] == "'" + Formula));
        Assert.Equal(3, rows.Count(r => r[0] == Forger));
        var open = rows.Where(r => r[3] == "open").ToList();
        Assert.Equal(2, open.Count);
        Assert.All(open, r => Assert.Equal(("'+SUM(1)", "'@10.9.0.1:4000", "'-2+3", Service), (r[5], r[7], r[8], r[10])));
    }

    [Fact]
    public async Task Xml_IsWellFormed_WithEveryHostAndItsNameEscapedNotDropped()
    {
        var document = XDocument.Parse(await ExportAsync("xml"));

        var hosts = document.Root!.Elements("host").ToList();
        Assert.Equal(2, hosts.Count);
        var names = hosts.Select(h => h.Element("hostnames")!.Element("hostname")!.Attribute("name")!.Value).ToList();
        Assert.Equal(Formula, names[0]);
        Assert.Equal("evil\"name,\r\nHost: 6.6.6.6 ()\tStatus: Up\\x01\u2028\\\\", names[1]);
        Assert.All(hosts, h => Assert.Equal(3, h.Element("ports")!.Elements("port").Count()));
        Assert.Equal("10.9.0.2\n# forged", document.Root.Attribute("args")!.Value.Split("targets=")[1].Split(" ports=")[0]);
    }

    [Fact]
    public async Task Gnmap_HasOnlyItsOwnLines_NoFieldOrLineForgedByANameOrService()
    {
        var lines = (await ExportAsync("gnmap")).TrimEnd('\n').Split('\n');

        Assert.All(lines, line => Assert.True(line.StartsWith("# Socket Dashboard ", StringComparison.Ordinal) || line.StartsWith("Host: 10.9.0.", StringComparison.Ordinal), line));
        Assert.Equal(2, lines.Count(l => l.StartsWith('#')));
        Assert.Equal(2, lines.Count(l => l.Contains("\tStatus: Up", StringComparison.Ordinal)));
        var ports = lines.Where(l => l.Contains("\tPorts: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, ports.Count);
        Assert.All(lines.Where(l => l.StartsWith("Host: ", StringComparison.Ordinal)), l => Assert.Equal(1, l.Count(ch => ch == '\t')));
        Assert.All(ports, l => Assert.Equal(3, l.Split("\tPorts: ")[1].Split(", ").Length));
        Assert.All(ports, l => Assert.Contains("1/open/tcp//ht\\x2ctp\\x2fx\\x01\\x0a6.6.6.6///", l, StringComparison.Ordinal));
        Assert.Contains("Host: 10.9.0.3 (evil\"name,\\x0d\\x0aHost: 6.6.6.6 \\x28\\x29\\x09Status: Up\\x01\\u2028\\\\)\tStatus: Up", lines);
    }

    [Fact]
    public async Task Json_ParsesAndKeepsEveryString()
    {
        using var document = JsonDocument.Parse(await ExportAsync("json"));

        Assert.Equal(6, document.RootElement.GetArrayLength());
        Assert.Contains(document.RootElement.EnumerateArray(), r => r.GetProperty("host").GetString() == Forger && r.GetProperty("service").GetString() == Service);
    }

    [Fact]
    public void PathMatrixJUnit_IsWellFormed_WhateverTheNamesAndDetailsHold()
    {
        var row = new PathMatrixRow("agent\u0002", null, 80, Dashboard.Contracts.Listeners.ListenerProtocol.Tcp, PathExpectation.Reachable, "h\u0001st");
        var matrix = new PathMatrixResult("m1", "nightly\u0001\ud800", "tester", At, At.AddSeconds(1), 0, 1, [new PathMatrixRowResult(row, false, null, "boom\u0003")]);

        var document = XDocument.Parse(PathExport.JUnit(matrix));

        var testCase = document.Root!.Element("testsuite")!.Element("testcase")!;
        Assert.Equal("nightly\\x01\\ud800", document.Root.Element("testsuite")!.Attribute("name")!.Value);
        Assert.Equal("agent\\x02 -> this server", testCase.Attribute("classname")!.Value);
        Assert.Equal("boom\\x03", testCase.Element("error")!.Attribute("message")!.Value);
    }

    /// <summary>RFC 4180 as a spreadsheet reads it: quoted fields may hold commas, quotes (doubled) and line breaks.</summary>
    private static class Rfc4180
    {
        public static List<List<string>> Parse(string text)
        {
            var rows = new List<List<string>>();
            var row = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    row.Add(field.ToString());
                    field.Clear();
                }
                else if (c == '\n')
                {
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add(row);
                    row = [];
                }
                else if (c != '\r')
                {
                    field.Append(c);
                }
            }

            return rows;
        }
    }
}
