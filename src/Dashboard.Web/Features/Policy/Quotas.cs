using System.Globalization;
using System.Threading.RateLimiting;
using Dashboard.Web.Access;
using Dashboard.Web.Operations;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Policy;

/// <summary>
/// Per-user quotas, one partition per user id: a user's API tokens and browser sessions share theirs.
/// Past a quota the service throws limit-reached with the quota and when to retry (429 with
/// Retry-After on REST, the message in the hub and on the page), and the refusal is counted.
/// Scaled out, the per-minute quotas are counted in <see cref="ISharedQuotaWindows"/> for all instances at once
/// (each instance's own count stands in while the shared one cannot be reached); concurrent scans stay per instance.
/// </summary>
public sealed class Quotas : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly QuotaOptions _options;
    private readonly DashboardMetrics _metrics;
    private readonly PartitionedRateLimiter<string> _probes;
    private readonly PartitionedRateLimiter<string> _datagrams;
    private readonly ISharedQuotaWindows _shared;

    public Quotas(IOptions<PolicyOptions> options, TimeProvider time, DashboardMetrics metrics, ISharedQuotaWindows shared)
    {
        (_options, _metrics, _shared) = (options.Value.Quotas, metrics, shared);
        _probes = PartitionedRateLimiter.Create<string, string>(user =>
            RateLimitPartition.Get(user, _ => new ClockedWindowLimiter(_options.ProbesPerMinute, Minute, time)));
        _datagrams = PartitionedRateLimiter.Create<string, string>(user =>
            RateLimitPartition.Get(user, _ => new ClockedWindowLimiter(_options.UdpDatagramsPerMinute, Minute, time)));
    }

    public static QuotaView View(QuotaOptions options) =>
        new(options.ProbesPerMinute, options.UdpDatagramsPerMinute, options.ConcurrentScans, options.ProbesPerScan);

    /// <exception cref="RequestRefusedException">Limit reached: the user's probes per minute.</exception>
    public void TakeProbe(Actor actor) => Take(_probes, actor, 1, "probes", _options.ProbesPerMinute, "ProbesPerMinute");

    /// <summary>Probes for a batch taken at once (service identification of many ports): all, or none and a refusal.</summary>
    /// <exception cref="RequestRefusedException">Limit reached: the user's probes per minute.</exception>
    public void TakeProbes(Actor actor, int count) => Take(_probes, actor, Math.Max(1, count), "probes", _options.ProbesPerMinute, "ProbesPerMinute");

    /// <exception cref="RequestRefusedException">Limit reached: the user's UDP datagrams per minute.</exception>
    public void TakeDatagrams(Actor actor, int count) =>
        Take(_datagrams, actor, Math.Max(1, count), "UDP datagrams", _options.UdpDatagramsPerMinute, "UdpDatagramsPerMinute");

    /// <summary>Checks a scan of <paramref name="probes"/> (addresses × ports) while the user has <paramref name="running"/> scans running.</summary>
    /// <exception cref="RequestRefusedException">Limit reached.</exception>
    public void CheckScan(Actor actor, int running, long probes)
    {
        if (running >= _options.ConcurrentScans)
        {
            Refuse("ConcurrentScans", string.Create(CultureInfo.InvariantCulture,
                $"{actor.Name} has {running} scans running, the most one user may (Policy:Quotas:ConcurrentScans = {_options.ConcurrentScans}); wait for one to end or cancel it"), null);
        }

        if (probes > _options.ProbesPerScan)
        {
            Refuse("ProbesPerScan", string.Create(CultureInfo.InvariantCulture,
                $"the scan would make {probes:N0} probes (addresses × ports); one scan of a user may make at most {_options.ProbesPerScan:N0} (Policy:Quotas:ProbesPerScan)"), null);
        }
    }

    public void Dispose()
    {
        _probes.Dispose();
        _datagrams.Dispose();
    }

    private void Take(PartitionedRateLimiter<string> limiter, Actor actor, int count, string what, int limit, string setting)
    {
        var (taken, retryAfter) = TakeShared(actor, count, limit, setting) ?? TakeHere(limiter, actor, count);
        if (taken)
        {
            return;
        }

        var message = count > limit
            ? string.Create(CultureInfo.InvariantCulture, $"{count} {what} at once is more than the {limit} one user may send per minute (Policy:Quotas:{setting})")
            : string.Create(CultureInfo.InvariantCulture,
                $"{actor.Name} has used the quota of {limit} {what} per minute (Policy:Quotas:{setting}); try again in {Math.Ceiling(retryAfter?.TotalSeconds ?? 60):0} s");
        Refuse(setting, message, retryAfter);
    }

    private static (bool Taken, TimeSpan? RetryAfter) TakeHere(PartitionedRateLimiter<string> limiter, Actor actor, int count)
    {
        using var lease = limiter.AttemptAcquire(actor.Id, count);
        return (lease.IsAcquired, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null);
    }

    /// <summary>The shared window's answer, or null without one (one instance) or while it cannot be reached.</summary>
    private (bool Taken, TimeSpan? RetryAfter)? TakeShared(Actor actor, int count, int limit, string setting) =>
        count <= limit && _shared.TryTake($"{setting}:{actor.Id}", count, limit, out var wait) ? (wait is null, wait) : null;

    private void Refuse(string quota, string message, TimeSpan? retryAfter)
    {
        _metrics.QuotaRefused(quota);
        throw RequestRefusedException.LimitReached(message, retryAfter is { } wait && wait > TimeSpan.Zero ? wait : retryAfter is null ? null : TimeSpan.FromSeconds(1));
    }
}
