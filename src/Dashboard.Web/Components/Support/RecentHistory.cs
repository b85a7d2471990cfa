namespace Dashboard.Web.Components.Support;

/// <summary>What this browser session did recently, newest first, at most <see cref="Capacity"/> entries (the oldest fall off).</summary>
public class RecentHistory<TEntry>(int capacity)
{
    private readonly LinkedList<TEntry> _entries = new();

    public int Capacity { get; } = capacity;

    public IReadOnlyCollection<TEntry> Entries => _entries;

    public void Add(TEntry entry)
    {
        _entries.AddFirst(entry);
        if (_entries.Count > Capacity)
        {
            _entries.RemoveLast();
        }
    }
}
