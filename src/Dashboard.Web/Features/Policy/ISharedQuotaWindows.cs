namespace Dashboard.Web.Features.Policy;

/// <summary>
/// Per-minute quota windows shared by every instance behind one address (scale-out), so a user whose requests are
/// spread over N instances still gets one quota, not N. One instance alone counts on its own
/// (<see cref="UnsharedQuotaWindows"/>, registered with the policy); scale-out replaces it.
/// </summary>
public interface ISharedQuotaWindows
{
    /// <summary>
    /// Takes <paramref name="count"/> from the window <paramref name="key"/> of at most <paramref name="limit"/> a minute.
    /// False when there are no shared windows or they cannot be reached (the caller then counts on its own); else
    /// <paramref name="retryAfter"/> is null when taken, or how long until the window opens again.
    /// </summary>
    bool TryTake(string key, int count, int limit, out TimeSpan? retryAfter);
}

/// <summary>No windows shared with other instances: each quota is counted by this process alone.</summary>
public sealed class UnsharedQuotaWindows : ISharedQuotaWindows
{
    public bool TryTake(string key, int count, int limit, out TimeSpan? retryAfter)
    {
        retryAfter = null;
        return false;
    }
}
