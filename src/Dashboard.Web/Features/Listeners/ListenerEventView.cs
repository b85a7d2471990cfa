using Dashboard.Contracts.Listeners;

namespace Dashboard.Web.Features.Listeners;

/// <summary>
/// The events one page shows: taken in from the watch loop, published to the renderer on
/// <see cref="Refresh"/>, filtered by connection, bounded to the newest <c>maxShown</c>.
/// </summary>
public sealed class ListenerEventView(int maxShown)
{
    private readonly Lock _gate = new();
    private readonly List<ListenerEvent> _incoming = [];
    private readonly List<ListenerEvent> _all = [];
    private readonly SortedSet<long> _connections = [];
    private long? _connection;

    /// <summary>What the grid shows now.</summary>
    public List<ListenerEvent> Shown { get; private set; } = [];

    public IReadOnlyCollection<long> Connections => _connections;

    public int Count => Shown.Count;

    /// <summary>Events let go to stay within the bound.</summary>
    public long Discarded { get; private set; }

    /// <summary>From the watch loop, any thread.</summary>
    public void Add(ListenerEvent e)
    {
        lock (_gate)
        {
            _incoming.Add(e);
        }
    }

    /// <summary>On the renderer's thread: takes in what arrived.</summary>
    public void Refresh()
    {
        List<ListenerEvent> arrived;
        lock (_gate)
        {
            arrived = [.. _incoming];
            _incoming.Clear();
        }

        foreach (var e in arrived)
        {
            _all.Add(e);
            if (e.ConnectionId is { } id)
            {
                _connections.Add(id);
            }
        }

        if (_all.Count > maxShown)
        {
            Discarded += _all.Count - maxShown;
            _all.RemoveRange(0, _all.Count - maxShown);
        }

        Shown = _connection is { } connection ? _all.Where(e => e.ConnectionId == connection).ToList() : [.. _all];
    }

    public void Filter(long? connection)
    {
        _connection = connection;
        Refresh();
    }

    public void Clear()
    {
        lock (_gate)
        {
            _incoming.Clear();
        }

        _all.Clear();
        _connections.Clear();
        Shown = [];
        Discarded = 0;
    }
}
