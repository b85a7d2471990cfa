using Dashboard.Web.Features.Watches.Storage;

namespace Dashboard.Web.Features.Watches;

/// <summary>
/// Tells this instance that watches changed (after they are stored): their states or runs (a page re-reads what it
/// shows), or their definitions (created, edited, paused, deleted: the runner forgets what it read of them).
/// Scaled out, the other instances hear it through <see cref="IWatchChangeFeed"/>.
/// </summary>
public sealed class WatchEvents
{
    private readonly IWatchChangeFeed _feed;

    public WatchEvents(IWatchChangeFeed feed)
    {
        _feed = feed;
        feed.Subscribe(Heard);
    }

    /// <summary>The ids of the watches whose state, runs or definition changed.</summary>
    public event Action<IReadOnlyCollection<string>>? Changed;

    /// <summary>The ids of the watches whose definition changed (also announced by <see cref="Changed"/>).</summary>
    public event Action<IReadOnlyCollection<string>>? Redefined;

    public void Publish(IEnumerable<WatchStateRow> states) => Publish(states.Select(s => s.WatchId), redefined: false);

    /// <summary>Announces changed watches; <paramref name="redefined"/> when their definition (not only their state) changed.</summary>
    public void Publish(IEnumerable<string> watchIds, bool redefined)
    {
        var ids = watchIds.ToHashSet();
        if (ids.Count == 0)
        {
            return;
        }

        Heard(ids, redefined);
        _feed.Publish(ids, redefined);
    }

    /// <summary>What the feed brings from another instance, or this one's own news.</summary>
    public void Heard(IReadOnlyCollection<string> watchIds, bool redefined)
    {
        if (redefined)
        {
            Redefined?.Invoke(watchIds);
        }

        Changed?.Invoke(watchIds);
    }
}

/// <summary>The scale-out seam for watch changes: one instance needs nothing; scaled out, Redis carries them.</summary>
public interface IWatchChangeFeed
{
    /// <summary>Tells the other instances; this one has already heard it.</summary>
    void Publish(IReadOnlyCollection<string> watchIds, bool redefined);

    /// <summary>What the other instances publish.</summary>
    void Subscribe(Action<IReadOnlyCollection<string>, bool> heard);
}

public sealed class SingleInstanceWatchChangeFeed : IWatchChangeFeed
{
    public void Publish(IReadOnlyCollection<string> watchIds, bool redefined)
    {
    }

    public void Subscribe(Action<IReadOnlyCollection<string>, bool> heard)
    {
    }
}
