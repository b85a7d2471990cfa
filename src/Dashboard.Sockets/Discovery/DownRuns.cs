using System.Buffers.Binary;
using System.Net;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Sockets.Discovery;

/// <summary>
/// Gathers a discovery's down verdicts into runs of consecutive addresses that are down for the same method, detail and
/// reason, and gives a run out once it cannot grow (each neighbour decided otherwise, or not the next address): a /16 with
/// a few live hosts reports a few rows, not 65,000, and every row still says exactly which addresses it covers. Not
/// thread-safe: the caller holds one lock around every call.
/// </summary>
internal sealed class DownRuns
{
    private const int Undecided = 0;
    private const int IsUp = -1;

    private readonly IReadOnlyList<ResolvedTarget> _targets;
    private readonly TimeProvider _time;
    // joinsNext[i]: target i+1 is the address right after target i, both plain addresses (a named host keeps its own row).
    private readonly bool[] _joinsNext;
    // kind[i]: undecided, up, or down with reason (kind - 1).
    private readonly int[] _kind;
    // At each end of a run, the index of its other end.
    private readonly int[] _otherEnd;
    private readonly bool[] _sent;
    private readonly List<(string Method, string? Detail, string Reason)> _reasons = [];
    private readonly Dictionary<(string Method, string? Detail, string Reason), int> _reasonIds = [];

    /// <param name="targets">The discovery's targets, in the user's order.</param>
    /// <param name="isFirst">Whether target i is the first with its address (a repeated address is decided once, at its first).</param>
    /// <param name="time">The clock the rows are stamped with.</param>
    public DownRuns(IReadOnlyList<ResolvedTarget> targets, Func<int, bool> isFirst, TimeProvider time)
    {
        _targets = targets;
        _time = time;
        _kind = new int[targets.Count];
        _otherEnd = new int[targets.Count];
        _sent = new bool[targets.Count];
        _joinsNext = new bool[targets.Count];
        for (var i = 0; i + 1 < targets.Count; i++)
        {
            _joinsNext[i] = isFirst(i) && isFirst(i + 1) && Plain(targets[i]) && Plain(targets[i + 1]) &&
                Follows(targets[i].Address, targets[i + 1].Address);
        }
    }

    /// <summary>Target <paramref name="index"/> is up: the runs beside it may be complete now.</summary>
    public void Up(int index, List<HostResult> ready)
    {
        _kind[index] = IsUp;
        NeighboursReady(index, ready);
    }

    /// <summary>Target <paramref name="index"/> is down: it joins the runs beside it that are down for the same reason.</summary>
    public void Down(int index, string method, string? detail, string reason, List<HostResult> ready)
    {
        if (!_reasonIds.TryGetValue((method, detail, reason), out var id))
        {
            id = _reasons.Count;
            _reasons.Add((method, detail, reason));
            _reasonIds.Add((method, detail, reason), id);
        }

        var kind = id + 1;
        _kind[index] = kind;
        int start = index, end = index;
        if (index > 0 && _joinsNext[index - 1] && _kind[index - 1] == kind)
        {
            start = _otherEnd[index - 1];
        }

        if (_joinsNext[index] && _kind[index + 1] == kind)
        {
            end = _otherEnd[index + 1];
        }

        _otherEnd[start] = end;
        _otherEnd[end] = start;
        TryGive(start, end, ready);
        NeighboursReady(index, ready);
    }

    /// <summary>Every run not given out yet, complete or not (the discovery ended): its addresses were all decided down.</summary>
    public void Flush(List<HostResult> ready)
    {
        for (var i = 0; i < _kind.Length; i++)
        {
            if (_kind[i] > 0 && (i == 0 || !_joinsNext[i - 1] || _kind[i - 1] != _kind[i]))
            {
                Give(i, _otherEnd[i], ready);
                i = _otherEnd[i];
            }
        }
    }

    private void NeighboursReady(int index, List<HostResult> ready)
    {
        if (index > 0 && _joinsNext[index - 1] && _kind[index - 1] > 0 && _kind[index - 1] != _kind[index])
        {
            TryGive(_otherEnd[index - 1], index - 1, ready);
        }

        if (_joinsNext[index] && _kind[index + 1] > 0 && _kind[index + 1] != _kind[index])
        {
            TryGive(index + 1, _otherEnd[index + 1], ready);
        }
    }

    // A run is complete when neither end can grow: the end of the list, not the next address, or a neighbour decided.
    private void TryGive(int start, int end, List<HostResult> ready)
    {
        var leftShut = start == 0 || !_joinsNext[start - 1] || _kind[start - 1] != Undecided;
        var rightShut = !_joinsNext[end] || _kind[end + 1] != Undecided;
        if (leftShut && rightShut)
        {
            Give(start, end, ready);
        }
    }

    private void Give(int start, int end, List<HostResult> ready)
    {
        if (_sent[start])
        {
            return;
        }

        _sent[start] = true;
        var (method, detail, reason) = _reasons[_kind[start] - 1];
        var first = _targets[start];
        var run = end > start;
        ready.Add(new HostResult(first.Label, first.AddressText, HostState.Down, method, detail, null, reason, _time.GetUtcNow(),
            run ? _targets[end].AddressText : null, run ? end - start + 1 : null));
    }

    private static bool Plain(ResolvedTarget target) => string.Equals(target.Label, target.AddressText, StringComparison.Ordinal);

    private static bool Follows(IPAddress first, IPAddress next)
    {
        if (first.AddressFamily != next.AddressFamily ||
            (first.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && first.ScopeId != next.ScopeId))
        {
            return false;
        }

        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        a.Clear();
        b.Clear();
        first.TryWriteBytes(a[(16 - (first.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 4 : 16))..], out _);
        next.TryWriteBytes(b[(16 - (next.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 4 : 16))..], out _);
        var value = BinaryPrimitives.ReadUInt128BigEndian(a);
        return value != UInt128.MaxValue && BinaryPrimitives.ReadUInt128BigEndian(b) == value + 1;
    }
}
