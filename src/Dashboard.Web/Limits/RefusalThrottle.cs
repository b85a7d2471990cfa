namespace Dashboard.Web.Limits;

/// <summary>
/// Logs connections refused at a cap without a line per connection: a flood would otherwise become a
/// flood of log lines, each costing the CPU and the disk the flood already strains. The first refusal
/// is logged at once, then at most one line per <see cref="Interval"/> per cap, with the count since.
/// </summary>
public sealed class RefusalThrottle(ILogger<RefusalThrottle> logger, TimeProvider time)
{
    public enum Cap
    {
        MaxUpgradedConnections,
        HubConnectionsPerUser,
    }

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly long[] _refused = new long[2];
    private readonly long[] _loggedAt = [long.MinValue, long.MinValue];

    public void Refused(Cap cap, int limit)
    {
        var index = (int)cap;
        Interlocked.Increment(ref _refused[index]);
        var now = time.GetTimestamp();
        var last = Volatile.Read(ref _loggedAt[index]);
        if ((last != long.MinValue && time.GetElapsedTime(last, now) < Interval) ||
            Interlocked.CompareExchange(ref _loggedAt[index], now, last) != last)
        {
            return;
        }

        LimitsLog.ConnectionsRefused(logger, Interlocked.Exchange(ref _refused[index], 0), cap, limit, Interval.TotalSeconds);
    }
}

internal static partial class LimitsLog
{
    [LoggerMessage(EventId = 6001, EventName = "ConnectionsRefused", Level = LogLevel.Warning,
        Message = "Refused {Count} connections at the cap Limits:{Cap} ({Limit}); at most one such line per {Seconds} s")]
    public static partial void ConnectionsRefused(ILogger logger, long count, RefusalThrottle.Cap cap, int limit, double seconds);

    [LoggerMessage(EventId = 6002, EventName = "DescriptorPlan", Level = LogLevel.Information, Message = "Limits: {Plan}")]
    public static partial void Planned(ILogger logger, DescriptorPlan plan);
}
