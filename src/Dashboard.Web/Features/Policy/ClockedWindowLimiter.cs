using System.Threading.RateLimiting;

namespace Dashboard.Web.Features.Policy;

/// <summary>
/// A fixed-window limiter that reads the time from a <see cref="TimeProvider"/>, so a test's fake clock
/// moves it. The framework's window and bucket limiters replenish on a real timer and cannot be given
/// a clock (dotnet/runtime#106447); this one needs no timer: a window opens with its first permit and
/// is over once the clock passes its end. Never queues: a quota answers at once.
/// </summary>
internal sealed class ClockedWindowLimiter(int limit, TimeSpan window, TimeProvider time) : RateLimiter
{
    private readonly Lock _gate = new();
    private DateTimeOffset _windowEnds = DateTimeOffset.MinValue;
    private int _used;
    private long? _idleSince = time.GetTimestamp();

    public override TimeSpan? IdleDuration => _idleSince is { } since ? time.GetElapsedTime(since) : null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = limit - Used(time.GetUtcNow()) };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var used = Used(now);
            if (permitCount > limit)
            {
                return Lease.Refused(null);
            }

            if (used + permitCount > limit)
            {
                return Lease.Refused(_windowEnds - now);
            }

            if (used == 0)
            {
                _windowEnds = now + window;
            }

            _used = used + permitCount;
            _idleSince = null;
            return Lease.Granted;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private int Used(DateTimeOffset now)
    {
        if (now >= _windowEnds && _used > 0)
        {
            _used = 0;
            _idleSince = time.GetTimestamp();
        }

        return _used;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static Lease Refused(TimeSpan? retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
