using Dashboard.Web.Features.Watches.Storage;

namespace Dashboard.Web.Features.Watches;

/// <summary>
/// Tells the pages of this instance that watches' states changed (after they are stored); a page re-reads what it shows.
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

    public void Publish(IEnumerable<WatchStateRow> states) => Publish(states.Select(s => s.WatchId));

    public void Publish(IEnumerable<string> watchIds)
    {
        var ids = watchIds.ToHashSet();
        if (ids.Count == 0)
        {
            return;
        }

        Heard(ids);
        _feed.Publish(ids);
    }

    /// <summary>What the feed brings from another instance, or this one's own news.</summary>
    public void Heard(IReadOnlyCollection<string> watchIds) => Changed?.Invoke(watchIds);
}

/// <summary>The scale-out seam for watch changes: one instance needs nothing; scaled out, Redis carries them.</summary>
public interface IWatchChangeFeed
{
    /// <summary>Tells the other instances; this one has already heard it.</summary>
    void Publish(IReadOnlyCollection<string> watchIds);

    /// <summary>What the other instances publish.</summary>
    void Subscribe(Action<IReadOnlyCollection<string>> heard);
}

public sealed class SingleInstanceWatchChangeFeed : IWatchChangeFeed
{
    public void Publish(IReadOnlyCollection<string> watchIds)
    {
    }

    public void Subscribe(Action<IReadOnlyCollection<string>> heard)
    {
    }
}
