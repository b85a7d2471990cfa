namespace Dashboard.Web.Policy;

/// <summary>
/// Per-minute quota windows shared by every instance behind one address (scale-out), so a user whose requests are
/// spread over N instances still gets one quota, not N. Without it each instance counts on its own.
/// </summary>
public interface ISharedQuotaWindows
{
    /// <summary>
    /// Takes <paramref name="count"/> from the window <paramref name="key"/> of at most <paramref name="limit"/> a minute.
    /// False when the shared windows cannot be reached (the caller then counts on its own); else
    /// <paramref name="retryAfter"/> is null when taken, or how long until the window opens again.
    /// </summary>
    bool TryTake(string key, int count, int limit, out TimeSpan? retryAfter);
}
