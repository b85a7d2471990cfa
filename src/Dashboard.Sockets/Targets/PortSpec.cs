using System.Globalization;

namespace Dashboard.Sockets.Targets;

/// <summary>
/// Port lists in nmap's syntax: <c>22,80,443</c>, ranges <c>8000-8100</c>, open ends <c>-1024</c> and
/// <c>60000-</c>, <c>-</c> for all, and the named sets of <see cref="WellKnownPorts"/>. Duplicates
/// are removed and the order kept.
/// </summary>
public static class PortSpec
{
    private static readonly char[] Separators = [',', ' ', '\t', '\n', '\r'];

    /// <summary>Every port the spec names, in order, once each.</summary>
    /// <exception cref="InvalidRequestException">The spec is empty or a token is not a port, a range or a set.</exception>
    public static int[] Parse(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new InvalidRequestException("ports is required: e.g. 22,80,443, 8000-8100, '-' for all, or top100 / top1000");
        }

        var seen = new bool[PortNumber.Max + 1];
        var ports = new List<int>();
        foreach (var token in spec.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (WellKnownPorts.Sets.TryGetValue(token, out var set))
            {
                foreach (var inner in set.Split(','))
                {
                    AddRange(inner, seen, ports);
                }
            }
            else
            {
                AddRange(token, seen, ports);
            }
        }

        return ports.ToArray();
    }

    private static void AddRange(string token, bool[] seen, List<int> ports)
    {
        var (first, last) = RangeOf(token);
        for (var port = first; port <= last; port++)
        {
            if (!seen[port])
            {
                seen[port] = true;
                ports.Add(port);
            }
        }
    }

    private static (int First, int Last) RangeOf(string token)
    {
        if (token == "-")
        {
            return (PortNumber.Min, PortNumber.Max);
        }

        var dash = token.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            var port = Number(token, token);
            return (port, port);
        }

        var first = dash == 0 ? PortNumber.Min : Number(token[..dash], token);
        var last = dash == token.Length - 1 ? PortNumber.Max : Number(token[(dash + 1)..], token);
        return first <= last
            ? (first, last)
            : throw new InvalidRequestException($"ports: '{token}' is a reversed range: write {last}-{first}");
    }

    private static int Number(string text, string token)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw text.All(char.IsAsciiDigit) && text.Length > 0
                ? new InvalidRequestException($"ports: '{token}' is outside {PortNumber.Min}-{PortNumber.Max}")
                : new InvalidRequestException(
                    $"ports: '{token}' is not a port, a range (8000-8100), '-' (all) or a named set ({string.Join(", ", WellKnownPorts.Sets.Keys)})");
        }

        return port is >= PortNumber.Min and <= PortNumber.Max
            ? port
            : throw new InvalidRequestException($"ports: '{token}' is outside {PortNumber.Min}-{PortNumber.Max}");
    }
}
