using Dashboard.Contracts.Probe;

namespace Dashboard.Web.Features.Scan;

/// <summary>The columns a scan's results can be sorted by.</summary>
public enum ScanSort
{
    /// <summary>The order results arrived in.</summary>
    Arrival,
    Host,
    Port,
    State,
    Rtt,
    Service,
    Code,
}

/// <summary>
/// One viewer's window on a scan: the counts per state, and the indexes of the results that pass
/// its state filter, in its sort order. Reads new results incrementally, so a 65,535-row scan costs
/// each refresh only what arrived since the last one (plus a re-sort when sorted by a column).
/// </summary>
public sealed class ScanResultView(ScanResultStore log, Func<long>? visible = null)
{
    private readonly long[] _counts = new long[5];
    private readonly HashSet<ProbeState> _shown = [ProbeState.Open];
    private List<long> _rows = [];
    private long _read;

    public IReadOnlySet<ProbeState> Shown => _shown;

    public ScanSort Sort { get; private set; } = ScanSort.Arrival;

    public bool Descending { get; private set; }

    /// <summary>Rows that pass the filter.</summary>
    public int Count => _rows.Count;

    /// <summary>Results read so far, all states.</summary>
    public long Read => _read;

    public long CountOf(ProbeState state) => _counts[(int)state];

    public ProbeResult this[int row] => log[_rows[row]];

    /// <summary>Takes in what arrived since the last call; true when anything did.</summary>
    public bool Refresh()
    {
        var available = visible?.Invoke() ?? log.Count;
        if (available == _read)
        {
            return false;
        }

        for (; _read < available; _read++)
        {
            var state = log.StateAt(_read);
            _counts[(int)state]++;
            if (_shown.Contains(state))
            {
                _rows.Add(_read);
            }
        }

        if (Sort != ScanSort.Arrival)
        {
            Order();
        }

        return true;
    }

    /// <summary>Shows or hides a state; rebuilds the rows.</summary>
    public void Toggle(ProbeState state)
    {
        if (!_shown.Remove(state))
        {
            _shown.Add(state);
        }

        Rebuild();
    }

    /// <summary>Sorts by a column; the same column again flips the direction.</summary>
    public void SortBy(ScanSort sort)
    {
        Descending = sort == Sort && !Descending;
        Sort = sort;
        Rebuild();
    }

    private void Rebuild()
    {
        var rows = new List<long>();
        for (long i = 0; i < _read; i++)
        {
            if (_shown.Contains(log.StateAt(i)))
            {
                rows.Add(i);
            }
        }

        _rows = rows;
        Order();
    }

    private void Order()
    {
        var addresses = new AddressOrder();
        Comparison<long> compare = Sort switch
        {
            ScanSort.Port => (a, b) => log.PortAt(a).CompareTo(log.PortAt(b)),
            ScanSort.State => (a, b) => log.StateAt(a).CompareTo(log.StateAt(b)),
            ScanSort.Host => (a, b) => addresses.Compare(log[a].Address, log[b].Address) is var c && c != 0 ? c : log.PortAt(a).CompareTo(log.PortAt(b)),
            ScanSort.Rtt => (a, b) => Nullable.Compare(log[a].RttMs, log[b].RttMs),
            // Ports without a registered name after the named ones, in port order among themselves.
            ScanSort.Service => (a, b) => string.CompareOrdinal(log[a].Service ?? "\uffff", log[b].Service ?? "\uffff") is var c && c != 0 ? c : log.PortAt(a).CompareTo(log.PortAt(b)),
            ScanSort.Code => (a, b) => log[a].Code.CompareTo(log[b].Code) is var c && c != 0 ? c : log.PortAt(a).CompareTo(log.PortAt(b)),
            _ => (a, b) => a.CompareTo(b),
        };
        _rows.Sort(Descending ? (a, b) => compare(b, a) : compare);
    }
}
