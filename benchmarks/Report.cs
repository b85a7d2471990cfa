using System.Globalization;

namespace Dashboard.Benchmarks;

internal static class Report
{
    /// <summary>Prints medians and ratios to nmap; 1 when a contender missed or invented an open port.</summary>
    public static int Print(string title, Measurement nmap, IReadOnlyList<Measurement> ours, IEnumerable<int> expectedOpen, string note, long expectedResults)
    {
        var expected = new SortedSet<int>(expectedOpen);
        var ok = true;
        Console.WriteLine($"## {title}");
        Console.WriteLine();
        Console.WriteLine("| contender | median s | ratio to nmap | runs (s) | open ports found |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var m in ours.Append(nmap))
        {
            var same = m.OpenPorts!.SetEquals(expected);
            ok &= same && (m == nmap || m.Results == expectedResults);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Name} | {m.Median:F3} | {m.Median / nmap.Median:F2}× | {m.Runs} | {Measurement.Format(m.OpenPorts!)}{(same ? "" : " (WRONG)")} |"));
        }

        Console.WriteLine();
        Console.WriteLine(note);
        Console.WriteLine(ok ? "all contenders found the same open ports" : $"MISMATCH: expected open {Measurement.Format(expected)} and {expectedResults} results");
        Console.WriteLine();
        return ok ? 0 : 1;
    }
}
