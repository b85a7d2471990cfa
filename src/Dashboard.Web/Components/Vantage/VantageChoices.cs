using System.Collections.Concurrent;

namespace Dashboard.Web.Components.Vantage;

/// <summary>
/// Each user's last chosen vantage point, so every page opens on it: kept per user id in this process
/// (at most <see cref="MaxUsers"/>); a stored user setting can replace it without touching the pages.
/// </summary>
public sealed class VantageChoices
{
    public const int MaxUsers = 10_000;

    private readonly ConcurrentDictionary<string, string> _chosen = new(StringComparer.Ordinal);

    public string Get(string userId) => _chosen.GetValueOrDefault(userId, "");

    public void Set(string userId, string from)
    {
        if (_chosen.Count < MaxUsers || _chosen.ContainsKey(userId))
        {
            _chosen[userId] = from;
        }
    }
}
