using Dashboard.Sockets.Budget;

namespace Dashboard.Web.Limits;

/// <summary>
/// Long-lived connections held now: upgraded ones (WebSockets) in all, and hub connections per user. Every
/// successful take is matched by one release when the connection ends.
/// </summary>
public sealed class ConnectionCounts
{
    private readonly Dictionary<string, int> _perUser = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _upgraded;

    /// <summary>Upgraded connections held now.</summary>
    public int Upgraded => Volatile.Read(ref _upgraded);

    /// <summary>Hub connections <paramref name="userId"/> holds now.</summary>
    public int HubConnectionsOf(string userId)
    {
        lock (_gate)
        {
            return _perUser.GetValueOrDefault(userId);
        }
    }

    /// <summary>Hub connections held now, every user's.</summary>
    public int HubConnections
    {
        get
        {
            lock (_gate)
            {
                return _perUser.Values.Sum();
            }
        }
    }

    /// <summary>Takes one upgraded connection if fewer than <paramref name="cap"/> are held.</summary>
    public bool TryTakeUpgraded(int cap) => BoundedCount.TryIncrement(ref _upgraded, cap);

    public void ReleaseUpgraded() => Interlocked.Decrement(ref _upgraded);

    /// <summary>Takes one hub connection for <paramref name="userId"/> if they hold fewer than <paramref name="cap"/>.</summary>
    public bool TryTakeHub(string userId, int cap)
    {
        lock (_gate)
        {
            var held = _perUser.GetValueOrDefault(userId);
            if (held >= cap)
            {
                return false;
            }

            _perUser[userId] = held + 1;
            return true;
        }
    }

    public void ReleaseHub(string userId)
    {
        lock (_gate)
        {
            // Users who hold nothing are forgotten, so the table stays as small as the set of connected users.
            if (_perUser.GetValueOrDefault(userId) is var held && held <= 1)
            {
                _perUser.Remove(userId);
            }
            else
            {
                _perUser[userId] = held - 1;
            }
        }
    }
}
