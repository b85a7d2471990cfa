using System.Text.RegularExpressions;

namespace Dashboard.Sockets.Tests.Tracing;

/// <summary>One hop as Debian's <c>traceroute -T -n</c> printed it: the first address that answered (null for <c>* * *</c>) and its marks (<c>!X</c>).</summary>
public sealed record ReferenceHop(int Hop, string? Address, IReadOnlyList<string> Marks);

/// <summary>
/// The oracle: <c>traceroute -T -p PORT -n</c> (or, with <c>udp</c>, <c>traceroute -U -p PORT -n</c>), as root, run in the
/// client's namespace of a <see cref="RoutedTopology"/>.
/// </summary>
public static partial class ReferenceTrace
{
    public static IReadOnlyList<ReferenceHop> Run(RoutedTopology topology, string address, int port, int maxHops, int waitSeconds, bool udp = false)
    {
        var output = topology.Exec("c", "traceroute", $"{(udp ? "-U" : "-T")} -p {port} -n -q 3 -m {maxHops} -w {waitSeconds} {address}");
        return output.Split('\n').Skip(1).Where(line => line.Trim().Length > 0).Select(Parse).ToArray();
    }

    /// <summary>The hops up to the last that answered: what follows is only <c>* * *</c> to the maximum.</summary>
    public static IReadOnlyList<ReferenceHop> Answered(IReadOnlyList<ReferenceHop> hops) =>
        hops.Take(hops.Select((h, i) => (h, i)).LastOrDefault(x => x.h.Address is not null, (null!, -1)).Item2 + 1).ToArray();

    private static ReferenceHop Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var address = fields.Skip(1).FirstOrDefault(f => AddressPattern().IsMatch(f));
        return new ReferenceHop(int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture), address,
            fields.Where(f => f.StartsWith('!')).Distinct().ToArray());
    }

    [GeneratedRegex(@"^([0-9]+\.){3}[0-9]+$|^[0-9a-f:]*:[0-9a-f:]+$")]
    private static partial Regex AddressPattern();
}
