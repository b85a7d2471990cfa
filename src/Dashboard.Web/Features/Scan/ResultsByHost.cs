using Dashboard.Contracts.Probe;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// A scan's results grouped by host and ordered by port, as nmap's exports and the comparison of two scans read them,
/// without building them: one 8-byte key and one 4-byte index per result (a million results: 12 MB), where a list of
/// the results themselves would hold every one at once (hundreds of bytes each). A result is built only when read.
/// </summary>
public sealed class ResultsByHost
{
    private readonly ScanResultStore _log;
    private readonly long[] _keys;
    private readonly int[] _indexes;
    private readonly int[] _starts;
    private Dictionary<string, int>? _positions;

    /// <param name="job">The scan: its results up to now are grouped.</param>
    /// <param name="states">Only results of these states; all when null.</param>
    /// <param name="hostOrder">
    /// How hosts are ordered: each address is given a rank (results of an address without one come after, in the order
    /// they first appear); null for numeric order of the addresses (<see cref="AddressOrder"/>: 10.0.0.2 before 10.0.0.10).
    /// </param>
    public ResultsByHost(ScanJob job, IReadOnlySet<ProbeState>? states, IReadOnlyList<string>? hostOrder)
    {
        _log = job.Results;
        var count = (int)Math.Min(job.Visible, int.MaxValue);
        var selected = 0;
        for (var i = 0; i < count; i++)
        {
            selected += states is null || states.Contains(_log.StateAt(i)) ? 1 : 0;
        }

        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var address in hostOrder ?? [])
        {
            ranks.TryAdd(address, ranks.Count);
        }

        _keys = new long[selected];
        _indexes = new int[selected];
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            if (states is not null && !states.Contains(_log.StateAt(i)))
            {
                continue;
            }

            var address = _log.AddressOf(i);
            if (!ranks.TryGetValue(address, out var rank))
            {
                rank = ranks[address] = ranks.Count;
            }

            _keys[n] = ((long)rank << 16) | (uint)_log.PortAt(i);
            _indexes[n++] = i;
        }

        Addresses = [.. ranks.OrderBy(r => r.Value).Select(r => r.Key)];
        if (hostOrder is null)
        {
            // Numeric order of the addresses: ranks renumbered by it.
            var numeric = new AddressOrder();
            var byText = Addresses.Select((a, rank) => (a, rank)).OrderBy(p => p.a, numeric).Select((p, ordinal) => (p.rank, ordinal))
                .ToDictionary(p => p.rank, p => p.ordinal);
            for (var k = 0; k < _keys.Length; k++)
            {
                _keys[k] = ((long)byText[(int)(_keys[k] >> 16)] << 16) | (_keys[k] & 0xffff);
            }

            Addresses = [.. Addresses.Order(numeric)];
        }

        Array.Sort(_keys, _indexes);
        _starts = new int[Addresses.Count + 1];
        for (int k = 0, host = 0; host <= Addresses.Count; host++)
        {
            while (k < _keys.Length && (_keys[k] >> 16) < host)
            {
                k++;
            }

            _starts[host] = k;
        }
    }

    /// <summary>How many results are grouped.</summary>
    public int Count => _keys.Length;

    /// <summary>The result at <paramref name="position"/> of them all, by host then port (0 ≤ position &lt; <see cref="Count"/>).</summary>
    public ProbeResult At(int position) => _log[_indexes[position]];

    /// <summary>Every result, by host then port, each built as it is read.</summary>
    public IEnumerable<ProbeResult> InOrder()
    {
        for (var k = 0; k < _keys.Length; k++)
        {
            yield return _log[_indexes[k]];
        }
    }

    /// <summary>Every address with results (and every one of the host order), in order; <see cref="Of(int)"/> takes its position.</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>The results of <paramref name="address"/> by port; none when it has none.</summary>
    public HostSlice Of(string address)
    {
        _positions ??= Addresses.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => p.i, StringComparer.Ordinal);
        return _positions.TryGetValue(address, out var host) ? Of(host) : default;
    }

    /// <summary>The results of host number <paramref name="host"/> (a position in <see cref="Addresses"/>), by port.</summary>
    public HostSlice Of(int host) => new(this, _starts[host], _starts[host + 1]);

    /// <summary>One host's results by port: positions 0 to <see cref="Count"/>, read without building them unless asked.</summary>
    public readonly struct HostSlice(ResultsByHost groups, int start, int end)
    {
        public int Count => end - start;

        public int PortAt(int position) => (int)(groups._keys[start + position] & 0xffff);

        public ProbeState StateAt(int position) => groups._log.StateAt(groups._indexes[start + position]);

        public DateTimeOffset AtOf(int position) => groups._log.AtOf(groups._indexes[start + position]);

        /// <summary>The arrival number of the result at <paramref name="position"/> (later ones arrived later).</summary>
        public int ArrivalAt(int position) => groups._indexes[start + position];

        public ProbeResult this[int position] => groups._log[groups._indexes[start + position]];
    }
}
