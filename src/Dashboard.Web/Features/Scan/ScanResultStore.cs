using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Targets;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// Every result of one scan, kept compactly so a late watcher or an export can read them all: most
/// results (closed, filtered) share their code and message, so they are stored as 16-byte records
/// pointing at a shared "shape"; the others (open ports, with their endpoints) are kept whole.
/// One writer appends; any number of readers read up to <see cref="Count"/> at the same time.
/// </summary>
public sealed class ScanResultStore
{
    private const int ChunkBits = 13;
    private const int ChunkSize = 1 << ChunkBits;
    private const byte Whole = byte.MaxValue;
    private const byte NamedService = 0x80;

    private readonly Record[]?[] _chunks;
    private readonly List<ProbeResult> _whole = [];
    private readonly List<Shape> _shapes = [];
    private readonly Dictionary<ShapeKey, byte> _shapeIndex = [];
    private readonly List<(string Host, string Address)> _targets = [];
    private readonly Dictionary<string, int> _targetIndex = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _origin;
    private long _count;

    public ScanResultStore(long capacity, DateTimeOffset origin)
    {
        _chunks = new Record[]?[(capacity + ChunkSize - 1) / ChunkSize];
        _origin = origin;
    }

    /// <summary>How many results are there to read.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Adds a result. One writer at a time.</summary>
    public void Append(ProbeResult result)
    {
        var index = _count;
        var chunk = _chunks[index >> ChunkBits] ??= new Record[ChunkSize];
        var at = (float)(result.At - _origin).TotalMilliseconds;
        var rtt = (float)(result.RttMs ?? -1);
        var shape = ShapeOf(result);
        // The service name is the registry's for the port, so one bit says whether the result had it.
        var state = (byte)((byte)result.State | (result.Service is null ? 0 : NamedService));
        if (shape == Whole || result.Address is null || (result.Service is not null && result.Service != ServiceNames.Of(result.Port)))
        {
            lock (_whole)
            {
                _whole.Add(result);
                chunk[index & (ChunkSize - 1)] = new Record(_whole.Count - 1, (ushort)result.Port, Whole, (byte)result.State, rtt, at);
            }
        }
        else
        {
            chunk[index & (ChunkSize - 1)] = new Record(TargetOf(result), (ushort)result.Port, shape, state, rtt, at);
        }

        Volatile.Write(ref _count, index + 1);
    }

    /// <summary>The state of result <paramref name="index"/>, without building the result.</summary>
    public ProbeState StateAt(long index) => (ProbeState)(RecordAt(index).State & ~NamedService);

    /// <summary>The port of result <paramref name="index"/>, without building the result.</summary>
    public int PortAt(long index) => RecordAt(index).Port;

    /// <summary>The address of result <paramref name="index"/> (its host when it has none), without building the result.</summary>
    public string AddressOf(long index)
    {
        var record = RecordAt(index);
        if (record.Shape == Whole)
        {
            lock (_whole)
            {
                var whole = _whole[record.Target];
                return whole.Address ?? whole.Host;
            }
        }

        lock (_shapes)
        {
            return _targets[record.Target].Address;
        }
    }

    /// <summary>When result <paramref name="index"/> came, without building the result.</summary>
    public DateTimeOffset AtOf(long index)
    {
        var record = RecordAt(index);
        if (record.Shape == Whole)
        {
            lock (_whole)
            {
                return _whole[record.Target].At;
            }
        }

        return _origin + TimeSpan.FromMilliseconds(record.AtMs);
    }

    /// <summary>Result <paramref name="index"/>, 0 ≤ index &lt; <see cref="Count"/>.</summary>
    public ProbeResult this[long index]
    {
        get
        {
            var record = RecordAt(index);
            if (record.Shape == Whole)
            {
                lock (_whole)
                {
                    return _whole[record.Target];
                }
            }

            Shape shape;
            (string Host, string Address) target;
            lock (_shapes)
            {
                shape = _shapes[record.Shape];
                target = _targets[record.Target];
            }

            return new ProbeResult(target.Host, target.Address, record.Port, shape.State, shape.Code, shape.CodeName,
                shape.SocketError, shape.Message, record.RttMs < 0 ? null : Math.Round(record.RttMs, 3), null, null,
                _origin + TimeSpan.FromMilliseconds(record.AtMs), (record.State & NamedService) != 0 ? ServiceNames.Of(record.Port) : null,
                shape.Attempts);
        }
    }

    /// <summary>The time results count from (the scan's start).</summary>
    public DateTimeOffset Origin => _origin;

    /// <summary>
    /// Result <paramref name="index"/> as the parts a compact batch sends, without building it; false when the
    /// result is kept whole (it has endpoints, or is unlike the rest) and must be sent whole.
    /// </summary>
    public bool TryReadCompact(long index, out CompactRecord compact)
    {
        var record = RecordAt(index);
        compact = new CompactRecord(record.Target, record.Port, record.Shape, record.RttMs, record.AtMs, (record.State & NamedService) != 0);
        return record.Shape != Whole;
    }

    /// <summary>Target <paramref name="target"/> of a <see cref="CompactRecord"/>.</summary>
    public CompactTarget TargetAt(int target)
    {
        lock (_shapes)
        {
            var (host, address) = _targets[target];
            return new CompactTarget(host, address);
        }
    }

    /// <summary>Shape <paramref name="shape"/> of a <see cref="CompactRecord"/>.</summary>
    public CompactShape ShapeAt(int shape)
    {
        lock (_shapes)
        {
            var s = _shapes[shape];
            return new CompactShape(s.State, s.Code, s.CodeName, s.SocketError, s.Message, s.Attempts);
        }
    }

    private Record RecordAt(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _chunks[index >> ChunkBits]![index & (ChunkSize - 1)];
    }

    private byte ShapeOf(ProbeResult result)
    {
        if (result.LocalEndPoint is not null || result.RemoteEndPoint is not null)
        {
            return Whole;
        }

        var key = new ShapeKey(result.State, result.Code, result.Message, result.Attempts);
        lock (_shapes)
        {
            if (_shapeIndex.TryGetValue(key, out var shape))
            {
                return shape;
            }

            if (_shapes.Count == Whole)
            {
                return Whole;
            }

            _shapes.Add(new Shape(result.State, result.Code, result.CodeName, result.SocketError, result.Message, result.Attempts));
            return _shapeIndex[key] = (byte)(_shapes.Count - 1);
        }
    }

    private int TargetOf(ProbeResult result)
    {
        lock (_shapes)
        {
            if (!_targetIndex.TryGetValue(result.Address!, out var target))
            {
                _targets.Add((result.Host, result.Address!));
                target = _targetIndex[result.Address!] = _targets.Count - 1;
            }

            return target;
        }
    }

    /// <summary>A result as indexes into the log's tables of targets and shapes.</summary>
    public readonly record struct CompactRecord(int Target, int Port, int Shape, float RttMs, float AtMs, bool NamedService);

    private readonly record struct Record(int Target, ushort Port, byte Shape, byte State, float RttMs, float AtMs);

    private readonly record struct ShapeKey(ProbeState State, int Code, string Message, int? Attempts);

    private sealed record Shape(ProbeState State, int Code, string CodeName, string SocketError, string Message, int? Attempts);
}
