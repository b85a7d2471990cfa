using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Dashboard.Web.Access;
using Dashboard.Web.Operations;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.History;

/// <summary>
/// Reads that go through every result of a scan (a comparison of two, an export of one): at most
/// <see cref="HeavyReadOptions.PerUser"/> at once per user and <see cref="HeavyReadOptions.PerServer"/> on the server.
/// Past either the read is refused as limit reached (429 with Retry-After on REST), counted as
/// <c>dashboard_quota_refused_total{quota=HeavyReadsPerUser|HeavyReadsPerServer}</c>.
/// </summary>
public sealed class HeavyReads(IOptions<HeavyReadOptions> options, DashboardMetrics metrics)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _byUser = new(StringComparer.Ordinal);
    private int _running;

    private HeavyReadOptions Options => options.Value;

    /// <summary>How many run now.</summary>
    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Takes a place for <paramref name="actor"/>'s read; disposing the lease gives it back.</summary>
    /// <param name="actor">Whose read it is.</param>
    /// <param name="what">What it is, for the refusal: <c>exporting scan 1a2b</c>.</param>
    /// <exception cref="RequestRefusedException">Limit reached: the user's or the server's.</exception>
    public IDisposable Enter(Actor actor, string what)
    {
        lock (_gate)
        {
            var mine = _byUser.GetValueOrDefault(actor.Id);
            if (mine >= Options.PerUser)
            {
                Refuse("HeavyReadsPerUser", string.Create(CultureInfo.InvariantCulture,
                    $"{what}: {actor.Name} already has {mine} comparisons or exports running, the most one user may ({HeavyReadOptions.Section}:PerUser = {Options.PerUser}); try again when one has ended"));
            }

            if (_running >= Options.PerServer)
            {
                Refuse("HeavyReadsPerServer", string.Create(CultureInfo.InvariantCulture,
                    $"{what}: {_running} comparisons or exports are running, the most this server runs at once ({HeavyReadOptions.Section}:PerServer = {Options.PerServer}); try again shortly"));
            }

            _byUser[actor.Id] = mine + 1;
            _running++;
        }

        return new Lease(this, actor.Id);
    }

    private void Refuse(string quota, string message)
    {
        metrics.QuotaRefused(quota);
        throw RequestRefusedException.LimitReached(message, TimeSpan.FromSeconds(Options.RetryAfterSeconds));
    }

    private void Leave(string user)
    {
        lock (_gate)
        {
            _running--;
            var left = _byUser[user] - 1;
            if (left == 0)
            {
                _byUser.Remove(user);
            }
            else
            {
                _byUser[user] = left;
            }
        }
    }

    private sealed class Lease(HeavyReads reads, string user) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                reads.Leave(user);
            }
        }
    }
}

/// <summary>Bounds on reads through every result of a scan (section <c>Dashboard:HeavyReads</c>).</summary>
public sealed class HeavyReadOptions
{
    public const string Section = "Dashboard:HeavyReads";

    /// <summary>Comparisons and exports one user may have running at once. Defaults to 2.</summary>
    [Range(1, 64)]
    public int PerUser { get; set; } = 2;

    /// <summary>
    /// Comparisons and exports running at once on the server, all users together. Defaults to 4: each holds about
    /// 12 bytes per result of the scans it reads (a million results, 12 MB) besides the decoded scans themselves.
    /// </summary>
    [Range(1, 256)]
    public int PerServer { get; set; } = 4;

    /// <summary>The Retry-After of a refusal, in seconds. Defaults to 5.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 5;
}
