using System.Net;
using Npgsql;

namespace Dashboard.Web.Tests.ScaleOut;

/// <summary>
/// Watches on two real dashboards (processes) sharing one PostgreSQL: Quartz runs clustered, so each due run happens on
/// exactly one of them, both take their share, and when one is killed (kill -9) the other takes its watches over.
/// Bounds are generous (a loaded 2-core box); what is asserted are counts, and the one time bound is many seconds wide.
/// </summary>
public sealed class WatchClusterTests(PostgresServer postgres) : IAsyncLifetime
{
    private const int Watches = 20;
    private const int CheckinSeconds = 2;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly RedisServer _redis = new();
    private readonly string _adminToken = "sdt_test_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public async ValueTask InitializeAsync() => await _redis.InitializeAsync();

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task TwoInstances_RunEveryDueRunExactlyOnce_BothTakeAShare_AndASurvivorCarriesOnAfterAKill()
    {
        var connection = await postgres.CreateDatabaseAsync(Token);
        using var open = new LoopbackListener(IPAddress.Loopback, backlog: 512);
        // One after the other: the first migrates the database and makes the first admin, the second finds them.
        await using var one = await DashboardProcess.StartAsync(WebBuild.Dll(), settings: Settings(connection, "one"));
        await using var two = await DashboardProcess.StartAsync(WebBuild.Dll(), settings: Settings(connection, "two"));
        using var httpOne = Http(one);
        using var httpTwo = Http(two);
        var ids = new List<string>();
        for (var i = 0; i < Watches; i++)
        {
            ids.Add(await WatchFleet.CreateTcpAsync(httpOne, $"cluster-{i}", "127.0.0.1", open.Port, 1, Token));
        }

        await using var db = new NpgsqlConnection(connection);
        await ScaleOutWait.UntilAsync(async () => PerWatch(await WatchFleet.RunsAsync(db, Token), ids).Values.All(r => r.Count >= 8), "8 runs of every watch", 90);
        var beforeKill = PerWatch(await WatchFleet.RunsAsync(db, Token), ids);
        var ranByOne = await WatchFleet.RunsCountedAsync(httpOne, Token);
        var ranByTwo = await WatchFleet.RunsCountedAsync(httpTwo, Token);

        var killedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await two.KillAsync();
        var carryOnAfterMs = killedAtMs + 15_000;
        await ScaleOutWait.UntilAsync(async () => PerWatch(await WatchFleet.RunsAsync(db, Token), ids).Values.All(r => r.Any(run => run.AtMs > carryOnAfterMs)),
            "every watch to run again after two was killed", 90);
        var all = PerWatch(await WatchFleet.RunsAsync(db, Token), ids);
        // The longest stretch without a run of any one watch, across the kill.
        var longestGapMs = all.Values.Max(runs => runs.Select(r => r.AtMs).Order().Pairwise().Where(p => p.Later > killedAtMs - 1_000).Max(p => p.Later - p.Earlier));
        TestContext.Current.TestOutputHelper?.WriteLine($"runs counted by one {ranByOne}, by two {ranByTwo}; longest gap of a watch across the kill {longestGapMs} ms");
        WriteProblems(one, two);

        foreach (var (id, runs) in beforeKill)
        {
            var slots = WatchFleet.SlotsOf(runs, 1);
            Assert.True(slots.Distinct().Count() == slots.Count, $"watch {id} ran a due time twice: slots {string.Join(',', slots)}");
            // A watch's runs are written in order (one at a time), so a slot missing between two stored ones was skipped.
            Assert.True(slots[^1] == slots.Count - 1, $"watch {id} skipped a due time: slots {string.Join(',', slots)}");
        }

        Assert.True(ranByOne > 0 && ranByTwo > 0, $"both instances run watches: one ran {ranByOne}, two {ranByTwo}");
        Assert.True(ranByOne + ranByTwo >= beforeKill.Values.Sum(r => r.Count), "every stored run was counted by one instance");
        foreach (var (id, runs) in all)
        {
            var slots = WatchFleet.SlotsOf(runs, 1);
            Assert.True(slots.Distinct().Count() == slots.Count, $"watch {id} ran a due time twice across the kill: slots {string.Join(',', slots)}");
        }

        // Quartz finds a node dead 2 check-ins after its last one, at its own next check-in; then one interval. 20 s more for a loaded box.
        Assert.True(longestGapMs < (CheckinSeconds * 3 + 1 + 20) * 1000, $"a watch went {longestGapMs} ms without a run after two was killed");
    }

    [Fact]
    public async Task AWatchEditedThroughOneInstance_RunsAsEditedOnBoth_FromItsNextRun()
    {
        var connection = await postgres.CreateDatabaseAsync(Token);
        using var open = new LoopbackListener(IPAddress.Loopback, backlog: 512);
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        await using var one = await DashboardProcess.StartAsync(WebBuild.Dll(), settings: Settings(connection, "one"));
        await using var two = await DashboardProcess.StartAsync(WebBuild.Dll(), settings: Settings(connection, "two"));
        using var httpOne = Http(one);
        using var httpTwo = Http(two);
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await WatchFleet.CreateTcpAsync(httpOne, $"edited-{i}", "127.0.0.1", open.Port, 1, Token));
        }

        await using var db = new NpgsqlConnection(connection);
        // Both instances have run (and so read) the watches before the edit.
        async Task<string> Seen() => $"runs per watch {string.Join(',', PerWatch(await WatchFleet.RunsAsync(db, Token), ids).Values.Select(r => r.Count))}, "
            + $"counted by one {await WatchFleet.RunsCountedAsync(httpOne, Token)}, by two {await WatchFleet.RunsCountedAsync(httpTwo, Token)}";
        try
        {
            await ScaleOutWait.UntilAsync(async () => PerWatch(await WatchFleet.RunsAsync(db, Token), ids).Values.All(r => r.Count >= 5)
                && await WatchFleet.RunsCountedAsync(httpOne, Token) > 0 && await WatchFleet.RunsCountedAsync(httpTwo, Token) > 0, "runs of every watch on both", 90, Seen);
        }
        catch (TimeoutException)
        {
            WriteProblems(one, two);
            throw;
        }

        var ranByTwoBefore = await WatchFleet.RunsCountedAsync(httpTwo, Token);

        for (var i = 0; i < ids.Count; i++)
        {
            await WatchFleet.RetargetTcpAsync(httpOne, ids[i], $"edited-{i}", "127.0.0.1", closed.Ports[0], 1, Token);
        }

        // The news crosses Redis in well under a second; the margin is for a loaded box.
        var settledAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 3_000;
        await ScaleOutWait.UntilAsync(async () => PerWatch(await WatchFleet.RunsAsync(db, Token), ids).Values.All(r => r.Count(run => run.AtMs > settledAtMs) >= 8),
            "8 runs of every watch after the edit", 90);
        var after = PerWatch(await WatchFleet.RunsAsync(db, Token), ids).SelectMany(w => w.Value).Where(run => run.AtMs > settledAtMs).ToList();

        WriteProblems(one, two);
        Assert.True(await WatchFleet.RunsCountedAsync(httpTwo, Token) > ranByTwoBefore, "two ran watches after the edit");
        Assert.All(after, run => Assert.False(run.Passed, $"watch {run.WatchId} ran its old target at {run.AtMs}, after the edit"));
    }

    private Dictionary<string, string> Settings(string connection, string name) => new()
    {
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Dashboard"] = connection,
        ["ScaleOut__Redis"] = _redis.Address,
        ["ScaleOut__InstanceName"] = name,
        ["Auth__BootstrapToken"] = _adminToken,
        ["Watches__AdminMinIntervalSeconds"] = "1",
        ["Watches__ClusterCheckinSeconds"] = CheckinSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// HTTP with the admin token both are configured with (the process's own would be revoked by the other's start).
    /// </summary>
    private HttpClient Http(DashboardProcess dashboard)
    {
        var http = dashboard.Http();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _adminToken);
        return http;
    }

    /// <summary>What the dashboards logged as wrong: when a run is missing, the why is here.</summary>
    private static void WriteProblems(params DashboardProcess[] dashboards)
    {
        foreach (var line in dashboards.SelectMany(d => d.Output)
            .Where(l => (l.Contains("fail:", StringComparison.Ordinal) || l.Contains("warn:", StringComparison.Ordinal))
                && !l.Contains("__EFMigrationsHistory", StringComparison.Ordinal) && !l.Contains("First run", StringComparison.Ordinal)).Take(40))
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }
    }

    private static Dictionary<string, List<StoredRun>> PerWatch(List<StoredRun> runs, List<string> ids)
    {
        var byWatch = ids.ToDictionary(id => id, _ => new List<StoredRun>());
        runs.Where(r => byWatch.ContainsKey(r.WatchId)).ToList().ForEach(r => byWatch[r.WatchId].Add(r));
        return byWatch;
    }
}

internal static class PairwiseExtensions
{
    public static IEnumerable<(long Earlier, long Later)> Pairwise(this IEnumerable<long> values) => values.Zip(values.Skip(1));
}
