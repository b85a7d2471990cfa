using System.Globalization;
using System.Xml.Linq;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Features.Scan.Export;

namespace Dashboard.Web.Features.Watches.AsCode;

/// <summary>
/// The watches' state now as JUnit XML, so a CI job can gate on it: a test suite per group, a test case per watch and
/// vantage point; down is a failure (its reason as the message), paused or unknown (not confirmed yet) is skipped.
/// </summary>
public static class WatchJunit
{
    public static string Write(IReadOnlyList<WatchView> views, DateTimeOffset now)
    {
        var suites = views.GroupBy(v => v.Spec.Group ?? WatchSpecs.DefaultGroup, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(group => Suite(group.Key, [.. group.OrderBy(v => v.Spec.Name, StringComparer.Ordinal)], now)).ToList();
        var root = new XElement("testsuites",
            new XAttribute("name", "socket-dashboard watches"),
            new XAttribute("tests", suites.Sum(s => (int)s.Attribute("tests")!)),
            new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", suites.Sum(s => (int)s.Attribute("skipped")!)),
            new XAttribute("time", "0.000"),
            suites);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + "\n" + root;
    }

    private static XElement Suite(string group, List<WatchView> views, DateTimeOffset now)
    {
        var cases = views.SelectMany(v => v.States.Select(state => Case(v, state))).ToList();
        return new XElement("testsuite",
            new XAttribute("name", Safe(group)),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c.Element("failure") is not null)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", cases.Count(c => c.Element("skipped") is not null)),
            new XAttribute("time", "0.000"),
            new XAttribute("timestamp", now.UtcDateTime.ToString("s", CultureInfo.InvariantCulture)),
            cases);
    }

    private static XElement Case(WatchView view, WatchVantageState state)
    {
        var testCase = new XElement("testcase",
            new XAttribute("classname", Safe(view.Spec.Group)),
            new XAttribute("name", Safe($"{view.Spec.Name} @ {state.VantageName}")),
            new XAttribute("time", ((state.LastRttMs ?? 0) / 1000.0).ToString("0.000", CultureInfo.InvariantCulture)));
        switch (state.Status)
        {
            case WatchStatus.Down:
                testCase.Add(new XElement("failure",
                    new XAttribute("message", Safe(state.LastReason ?? "down")),
                    new XAttribute("type", "down"),
                    Safe($"{WatchSpecs.Describe(view.Spec)}: down since {state.Since:u}; {state.LastReason}")));
                break;
            case WatchStatus.Paused:
                testCase.Add(new XElement("skipped", new XAttribute("message", "paused")));
                break;
            case WatchStatus.Unknown:
                testCase.Add(new XElement("skipped", new XAttribute("message",
                    Safe(state.LastRunAt is null ? "not run yet" : $"not confirmed yet: {state.LastReason}"))));
                break;
        }

        testCase.Add(new XElement("system-out", Safe(
            $"{WatchSpecs.Describe(view.Spec)}; {StatusWord(state.Status)}{(state.Since is { } since ? $" since {since:u}" : "")}; " +
            $"last run {(state.LastRunAt is { } last ? last.ToString("u", CultureInfo.InvariantCulture) : "never")}: {state.LastReason ?? "-"}")));
        return testCase;
    }

    private static string StatusWord(WatchStatus status) => WatchSpecs.Wire(status);

    // Names and reasons come from users and remote ends: a character XML cannot carry is escaped, never a broken document.
    private static string Safe(string? text) => ExportText.Xml(text);
}
