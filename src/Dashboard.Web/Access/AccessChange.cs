namespace Dashboard.Web.Access;

/// <summary>
/// Something about a user's access changed (disabled, enabled, role, password, sign-out everywhere) or one of
/// their tokens was revoked: every instance forgets what it knew and re-reads it.
/// </summary>
/// <param name="UserId">Whose access changed.</param>
/// <param name="TokenId">The one token revoked, when that is the change.</param>
public sealed record AccessChange(string UserId, string? TokenId = null);

/// <summary>
/// Carries <see cref="AccessChange"/>s to every instance: in one process by default; scale-out replaces it
/// with one that goes over Redis, so a change made through one instance reaches connections held by another.
/// </summary>
public interface IAccessChangeFeed
{
    /// <summary>Tells every instance (this one included) about <paramref name="change"/>.</summary>
    Task PublishAsync(AccessChange change, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="handler"/> with every change published anywhere, until disposed.</summary>
    IDisposable Subscribe(Action<AccessChange> handler);
}

/// <summary>The one-instance feed: a change is handed to this process's subscribers at once.</summary>
public sealed class LocalAccessChangeFeed : IAccessChangeFeed
{
    private readonly AccessChangeSubscribers _subscribers = new();

    public Task PublishAsync(AccessChange change, CancellationToken cancellationToken)
    {
        _subscribers.Deliver(change);
        return Task.CompletedTask;
    }

    public IDisposable Subscribe(Action<AccessChange> handler) => _subscribers.Add(handler);
}

/// <summary>The handlers of a feed; one failing handler does not keep the change from the others.</summary>
public sealed class AccessChangeSubscribers
{
    private readonly Lock _lock = new();
    private Action<AccessChange>[] _handlers = [];

    public IDisposable Add(Action<AccessChange> handler)
    {
        lock (_lock)
        {
            _handlers = [.. _handlers, handler];
        }

        return new Subscription(this, handler);
    }

    public void Deliver(AccessChange change)
    {
        List<Exception>? failures = null;
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(change);
            }
            catch (Exception e)
            {
                (failures ??= []).Add(e);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("an access-change handler failed", failures);
        }
    }

    private void Remove(Action<AccessChange> handler)
    {
        lock (_lock)
        {
            _handlers = [.. _handlers.Where(h => h != handler)];
        }
    }

    private sealed class Subscription(AccessChangeSubscribers owner, Action<AccessChange> handler) : IDisposable
    {
        public void Dispose() => owner.Remove(handler);
    }
}
