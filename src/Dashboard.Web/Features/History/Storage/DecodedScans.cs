using Dashboard.Web.Features.Scan;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>
/// Stored scans already decoded, bounded by their results in all: reading one moves it to the front, keeping one past
/// the bound drops the least recently read. A scan larger than the bound is never kept.
/// </summary>
internal sealed class DecodedScans(long maxResults)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<ScanJob> _recent = new();
    private readonly Dictionary<string, LinkedListNode<ScanJob>> _byId = new(StringComparer.Ordinal);
    private long _results;

    public (int Scans, long Results) Size
    {
        get
        {
            lock (_gate)
            {
                return (_byId.Count, _results);
            }
        }
    }

    public ScanJob? Find(string scanId)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(scanId, out var node))
            {
                return null;
            }

            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value;
        }
    }

    public void Keep(ScanJob job)
    {
        var weight = WeightOf(job);
        if (weight > maxResults)
        {
            return;
        }

        lock (_gate)
        {
            RemoveLocked(job.Id);
            _byId[job.Id] = _recent.AddFirst(job);
            _results += weight;
            while (_results > maxResults && _recent.Last is { } oldest)
            {
                RemoveLocked(oldest.Value.Id);
            }
        }
    }

    public void Forget(string scanId)
    {
        lock (_gate)
        {
            RemoveLocked(scanId);
        }
    }

    // A scan with no results still weighs something, so the number of scans kept is bounded too.
    private static long WeightOf(ScanJob job) => job.Results.Count + 1;

    private void RemoveLocked(string scanId)
    {
        if (_byId.Remove(scanId, out var node))
        {
            _recent.Remove(node);
            _results -= WeightOf(node.Value);
        }
    }
}
