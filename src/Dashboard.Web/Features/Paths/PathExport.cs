using System.Globalization;
using System.Xml.Linq;
using Dashboard.Contracts.Paths;

namespace Dashboard.Web.Features.Paths;

/// <summary>A path matrix as JUnit XML: one test case per row, a failure where the path is not what the row expects; always well-formed.</summary>
public static class PathExport
{
    public static string JUnit(PathMatrixResult matrix)
    {
        var seconds = Seconds((matrix.FinishedAt - matrix.StartedAt).TotalSeconds);
        var suite = new XElement("testsuite",
            new XAttribute("name", Safe(matrix.Name)),
            new XAttribute("tests", matrix.Rows.Count),
            new XAttribute("failures", matrix.Rows.Count(r => !r.Passed && r.Check is not null)),
            new XAttribute("errors", matrix.Rows.Count(r => r.Check is null)),
            new XAttribute("time", seconds),
            new XAttribute("timestamp", matrix.StartedAt.UtcDateTime.ToString("s", CultureInfo.InvariantCulture)),
            matrix.Rows.Select(Case));
        var root = new XElement("testsuites",
            new XAttribute("name", Safe("socket-dashboard path matrix " + matrix.Id)),
            new XAttribute("tests", matrix.Rows.Count),
            new XAttribute("failures", matrix.Failed),
            new XAttribute("time", seconds),
            suite);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + "\n" + root;
    }

    private static XElement Case(PathMatrixRowResult row)
    {
        var r = row.Row;
        var protocol = r.Protocol == Contracts.Listeners.ListenerProtocol.Udp ? "udp" : "tcp";
        var expect = PathCheckService.WireName(r.Expect);
        var testCase = new XElement("testcase",
            new XAttribute("classname", Safe($"{row.Check?.From ?? r.From ?? "this server"} -> {row.Check?.To ?? r.To ?? "this server"}")),
            new XAttribute("name", Safe($"{protocol}/{r.Port} {row.Check?.Host ?? r.Host ?? ""} expect {expect}".Replace("  ", " ", StringComparison.Ordinal))),
            new XAttribute("time", Seconds((row.Check?.RttMs ?? 0) / 1000.0)));
        if (row.Check is null)
        {
            testCase.Add(new XElement("error", new XAttribute("message", Safe(row.Error ?? "the row could not run")), new XAttribute("type", "path")));
        }
        else if (!row.Passed)
        {
            testCase.Add(new XElement("failure",
                new XAttribute("message", $"expected {expect}, was {PathCheckService.WireName(row.Check.Outcome)}"),
                new XAttribute("type", "path"),
                Safe(row.Check.Detail)));
        }

        if (row.Check is { } check)
        {
            testCase.Add(new XElement("system-out", Safe(
                $"sent from {check.SentFrom ?? "-"}; seen from {check.SeenFrom ?? "-"}; nat {check.NatDetected.ToString().ToLowerInvariant()}; " +
                $"payload {(check.PayloadIntact is null ? "none" : check.PayloadIntact.Value ? "intact" : "changed")}; {check.Detail}")));
        }

        return testCase;
    }

    // Names, hosts and details come from requests and agents: a character XML cannot carry is escaped, never a broken document.
    private static string Safe(string? text) => Scan.Export.ExportText.Xml(text);

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}
