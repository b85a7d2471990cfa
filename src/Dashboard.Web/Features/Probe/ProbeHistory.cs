using Dashboard.Contracts.Probe;

namespace Dashboard.Web.Features.Probe;

/// <summary>
/// This browser session's recent probes, newest first. One per circuit; bounded to
/// <see cref="Capacity"/> entries, the oldest falling off.
/// </summary>
public sealed class ProbeHistory
{
    public const int Capacity = 50;

    private readonly LinkedList<Entry> _entries = new();

    /// <summary>A probe as it was asked and what it found.</summary>
    public sealed record Entry(ProbeRequest Request, ProbeResult Result);

    public IReadOnlyCollection<Entry> Entries => _entries;

    public void Add(ProbeRequest request, ProbeResult result)
    {
        _entries.AddFirst(new Entry(request, result));
        if (_entries.Count > Capacity)
        {
            _entries.RemoveLast();
        }
    }
}
