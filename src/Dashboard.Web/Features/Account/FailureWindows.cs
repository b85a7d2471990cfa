namespace Dashboard.Web.Features.Account;

/// <summary>
/// Failed sign-ins counted per key (a client address, a known browser) in a fixed window that opens at
/// the first failure. Bounded: at <see cref="Capacity"/> keys, expired windows go first, then the one
/// opened earliest; each key pushed out that way is counted in <see cref="Evicted"/>, since it forgets a count.
/// </summary>
internal sealed class FailureWindows(int limit, TimeSpan window, int capacity, TimeProvider time)
{
    private readonly Dictionary<string, (DateTimeOffset Opened, int Failures)> _windows = [];

    public int Capacity => capacity;

    /// <summary>Keys with an unexpired count pushed out to make room, since the start.</summary>
    public long Evicted { get; private set; }

    /// <summary>Whether <paramref name="key"/> has reached the limit, and until when.</summary>
    public bool IsOver(string key, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        lock (_windows)
        {
            if (_windows.TryGetValue(key, out var counted) && counted.Opened + window > now && counted.Failures >= limit)
            {
                retryAfter = counted.Opened + window - now;
                return true;
            }
        }

        retryAfter = TimeSpan.Zero;
        return false;
    }

    /// <summary>Counts one failure; true when that reached the limit.</summary>
    public bool Fail(string key)
    {
        var now = time.GetUtcNow();
        lock (_windows)
        {
            if (!_windows.TryGetValue(key, out var counted) || counted.Opened + window <= now)
            {
                MakeRoom(now);
                counted = (now, 0);
            }

            _windows[key] = (counted.Opened, counted.Failures + 1);
            return counted.Failures + 1 >= limit;
        }
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (_windows.Count < capacity)
        {
            return;
        }

        foreach (var expired in _windows.Where(w => w.Value.Opened + window <= now).Select(w => w.Key).ToList())
        {
            _windows.Remove(expired);
        }

        if (_windows.Count >= capacity)
        {
            _windows.Remove(_windows.MinBy(w => w.Value.Opened).Key);
            Evicted++;
        }
    }
}
