using Dashboard.Contracts.History;

namespace Dashboard.Web.Features.History;

/// <summary>Which of a comparison's changed ports a reader wants to see.</summary>
public enum ChangeFilter
{
    /// <summary>Every change.</summary>
    All,

    /// <summary>Ports open now that were not: what a firewall change let through.</summary>
    Opened,

    /// <summary>Ports open before that are not now.</summary>
    Closed,

    /// <summary>Changes between states other than open (closed ↔ filtered, appeared or gone without being open).</summary>
    Other,
}

/// <summary>
/// A comparison's changed ports as ranges: neighbouring ports of one address that changed the same way are one row
/// ("20001-21000, 1,000 ports, filtered → closed"), so a firewall rule that moved a thousand ports reads as one line.
/// </summary>
public static class PortChangeRanges
{
    /// <summary>One run of ports, <paramref name="First"/> to <paramref name="Last"/>, that changed alike; <paramref name="Service"/> only when one port.</summary>
    public sealed record Range(string Address, int First, int Last, string? Service, string? Before, string? After)
    {
        public int Count => Last - First + 1;
    }

    public static bool Matches(PortChange change, ChangeFilter filter) => filter switch
    {
        ChangeFilter.Opened => change.After == "open" && change.Before != "open",
        ChangeFilter.Closed => change.Before == "open" && change.After != "open",
        ChangeFilter.Other => change.Before != "open" && change.After != "open",
        _ => true,
    };

    /// <summary>The changes that pass <paramref name="filter"/>, as ranges; <paramref name="changes"/> come by address then port.</summary>
    public static IReadOnlyList<Range> Of(IEnumerable<PortChange> changes, ChangeFilter filter)
    {
        var ranges = new List<Range>();
        foreach (var change in changes.Where(c => Matches(c, filter)))
        {
            if (ranges.Count > 0 && ranges[^1] is var last && last.Address == change.Address && last.Last + 1 == change.Port
                && last.Before == change.Before && last.After == change.After)
            {
                ranges[^1] = last with { Last = change.Port, Service = null };
                continue;
            }

            ranges.Add(new Range(change.Address, change.Port, change.Port, change.Service, change.Before, change.After));
        }

        return ranges;
    }
}
