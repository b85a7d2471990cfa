using Dashboard.Web.Features.Policy;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// Quota windows in Redis: one key per user and quota, counting what was taken in the minute since the key was made;
/// taking and refusing are one script, so two instances never both take the last of a quota. While Redis cannot be
/// reached each instance counts on its own, and says so at most once a minute.
/// </summary>
internal sealed class RedisQuotaWindows(IConnectionMultiplexer redis, IOptions<ScaleOutOptions> options, TimeProvider time,
    ILogger<RedisQuotaWindows> logger) : ISharedQuotaWindows
{
    private const int WindowMs = 60_000;

    // -1 when taken, else the window's milliseconds left. A key left without an expiry (never expected) gets one.
    private static readonly LuaScript Take = LuaScript.Prepare("""
        local used = redis.call('INCRBY', @key, @count)
        if redis.call('PTTL', @key) < 0 then redis.call('PEXPIRE', @key, @window) end
        if used > tonumber(@limit) then
          redis.call('DECRBY', @key, @count)
          return redis.call('PTTL', @key)
        end
        return -1
        """);

    private long _lastWarning = long.MinValue;

    public bool TryTake(string key, int count, int limit, out TimeSpan? retryAfter)
    {
        retryAfter = null;
        try
        {
            var left = (long)redis.GetDatabase().ScriptEvaluate(Take, new
            {
                key = (RedisKey)$"{options.Value.ChannelPrefix}:quota:{key}",
                count,
                limit,
                window = WindowMs,
            });
            retryAfter = left < 0 ? null : TimeSpan.FromMilliseconds(Math.Max(left, 1));
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            var now = time.GetTimestamp();
            var last = Interlocked.Read(ref _lastWarning);
            if ((last == long.MinValue || time.GetElapsedTime(last, now) >= TimeSpan.FromMinutes(1)) &&
                Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
            {
                ScaleOutLog.QuotasUnshared(logger, e.Message);
            }

            return false;
        }
    }
}
