using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>One contender's timed runs and the open ports each run found.</summary>
internal sealed class Measurement(string name)
{
    private readonly List<double> _seconds = [];

    public string Name { get; } = name;

    public SortedSet<int>? OpenPorts { get; private set; }

    public long Results { get; private set; }

    public void Add(double seconds, IEnumerable<int> openPorts, long results)
    {
        _seconds.Add(seconds);
        var found = new SortedSet<int>(openPorts);
        if (OpenPorts is not null && !OpenPorts.SetEquals(found))
        {
            throw new InvalidOperationException($"{Name} found different open ports in two runs: {Format(OpenPorts)} vs {Format(found)}");
        }

        OpenPorts = found;
        Results = results;
    }

    public double Median
    {
        get
        {
            var sorted = _seconds.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    public string Runs => string.Join(" ", _seconds.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)));

    public static string Format(IEnumerable<int> ports) => string.Join(",", ports);
}
