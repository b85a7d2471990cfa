using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Targets;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// Gathers one watcher's next <see cref="CompactResults"/> straight from the scan's log: no
/// <c>ProbeResult</c> is built for a compact row, and each batch carries only the targets, shapes and
/// service names its rows use.
/// </summary>
internal sealed class CompactBatchBuilder(ScanResultStore log)
{
    private readonly Dictionary<int, int> _targetIndex = [];
    private readonly Dictionary<int, int> _shapeIndex = [];
    private readonly Dictionary<string, int> _serviceIndex = new(StringComparer.Ordinal);
    private List<CompactTarget> _targets = [];
    private List<CompactShape> _shapes = [];
    private List<string> _services = [];
    private List<int> _target = [], _port = [], _shape = [], _rttUs = [], _atMs = [], _service = [];

    /// <summary>Rows gathered since the last <see cref="Take"/>.</summary>
    public int Count => _port.Count;

    /// <summary>Adds result <paramref name="index"/> as a row; false when it must be sent whole.</summary>
    public bool TryAdd(long index)
    {
        if (!log.TryReadCompact(index, out var record))
        {
            return false;
        }

        if (!_targetIndex.TryGetValue(record.Target, out var target))
        {
            _targets.Add(log.TargetAt(record.Target));
            target = _targetIndex[record.Target] = _targets.Count - 1;
        }

        if (!_shapeIndex.TryGetValue(record.Shape, out var shape))
        {
            _shapes.Add(log.ShapeAt(record.Shape));
            shape = _shapeIndex[record.Shape] = _shapes.Count - 1;
        }

        var service = -1;
        if (record.NamedService && ServiceNames.Of(record.Port) is { } name && !_serviceIndex.TryGetValue(name, out service))
        {
            _services.Add(name);
            service = _serviceIndex[name] = _services.Count - 1;
        }

        _target.Add(target);
        _port.Add(record.Port);
        _shape.Add(shape);
        _rttUs.Add(record.RttMs < 0 ? -1 : (int)Math.Round(record.RttMs * 1000));
        _atMs.Add((int)record.AtMs);
        _service.Add(service);
        return true;
    }

    /// <summary>The rows gathered, or null when there are none; starts the next batch.</summary>
    public CompactResults? Take()
    {
        if (Count == 0)
        {
            return null;
        }

        var taken = new CompactResults(_targets, _shapes, _services, log.Origin, _target, _port, _shape, _rttUs, _atMs, _service);
        (_targets, _shapes, _services) = ([], [], []);
        (_target, _port, _shape, _rttUs, _atMs, _service) = ([], [], [], [], [], []);
        _targetIndex.Clear();
        _shapeIndex.Clear();
        _serviceIndex.Clear();
        return taken;
    }
}
