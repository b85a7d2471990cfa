using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// Many TCP watches on a short interval (2,000 at 10 s: 200 runs a second), half to ports that accept and half to ports
/// that refuse, in a private namespace (run.sh: unshare --net). First one dashboard on its embedded SQLite, then two
/// clustered on one PostgreSQL: after a warm-up, a steady window measures start lag, skipped and duplicate runs, CPU and
/// (SQLite) the database's growth per run; per instance, the runs each counted (<c>dashboard_watch_runs_total</c>).
/// </summary>
internal static class WatchesBenchmark
{
    private const int OpenBase = 20_000;
    private const int ClosedBase = 30_000;

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var count = int.Parse(Environment.GetEnvironmentVariable("WATCHES_COUNT") ?? "2000", CultureInfo.InvariantCulture);
        var interval = int.Parse(Environment.GetEnvironmentVariable("WATCHES_INTERVAL_S") ?? "10", CultureInfo.InvariantCulture);
        var windowSeconds = int.Parse(Environment.GetEnvironmentVariable("WATCHES_WINDOW_S") ?? "180", CultureInfo.InvariantCulture);
        var which = Environment.GetEnvironmentVariable("WATCHES_STORES") ?? "sqlite postgres";
        using var stop = new CancellationTokenSource();
        var listeners = Enumerable.Range(OpenBase, count / 2).Select(port => Accepting(port, stop.Token)).ToList();
        Console.WriteLine($"{count:N0} TCP watches every {interval} s ({count / (double)interval:F0} runs/s), half to {count / 2:N0} accepting ports, half to refusing ones; " +
            $"{windowSeconds} s steady window after a warm-up; {Environment.ProcessorCount} cores");
        try
        {
            if (which.Contains("sqlite", StringComparison.Ordinal))
            {
                await SqliteAsync(options.WebDll, count, interval, windowSeconds);
            }

            if (which.Contains("postgres", StringComparison.Ordinal))
            {
                await PostgresAsync(options.WebDll, count, interval, windowSeconds);
            }

            return 0;
        }
        finally
        {
            await stop.CancelAsync();
            listeners.ForEach(l => l.Dispose());
        }
    }

    private static async Task SqliteAsync(string webDll, int count, int interval, int windowSeconds)
    {
        await using var dashboard = await DashboardProcess.StartAsync(webDll, settings: Settings(count, interval));
        using var http = dashboard.Http();
        await CreateAsync(http, count, interval);
        var file = Path.Combine(dashboard.DataDir, "dashboard.db");
        await using var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        await Task.Delay(TimeSpan.FromSeconds(interval * 3));
        var (fromMs, cpu0, bytes0, runs0) = (Now(), dashboard.CpuSeconds(), await SqliteBytesAsync(db), (await WatchFleet.RunsAsync(db, default)).Count);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(windowSeconds));
        var (toMs, cpu1, bytes1, runs) = (Now(), dashboard.CpuSeconds(), await SqliteBytesAsync(db), await WatchFleet.RunsAsync(db, default));
        var seconds = clock.Elapsed.TotalSeconds;
        var window = WatchWindow.Of(runs, interval, fromMs, toMs - interval * 1000L);
        var perRun = (bytes1 - bytes0) / (double)(runs.Count - runs0);
        var perDay = count * 86_400.0 / interval;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SQLite, one instance: {window}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CPU {100 * (cpu1 - cpu0) / seconds:F1} % of one core; runs stored in the window {runs.Count - runs0:N0}; dashboard.db +{(bytes1 - bytes0) / 1048576.0:F1} MiB = {perRun:F0} bytes a run, {perRun * perDay / 1073741824.0:F2} GiB a day at {perDay:N0} runs a day (before retention); peak RSS {dashboard.PeakRssMiB():F0} MiB"));
    }

    private static async Task PostgresAsync(string webDll, int count, int interval, int windowSeconds)
    {
        var pgDir = Path.Combine(Path.GetTempPath(), "sd-bench-pg-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var (code, output, error) = await Repository.RunScriptAsync("postgres.sh", ["start", pgDir, "5439"], CancellationToken.None);
        if (code != 0)
        {
            throw new InvalidOperationException($"tests/postgres.sh start failed ({code}): {error.Trim()}");
        }

        var redis = new RedisServer();
        await redis.InitializeAsync();
        try
        {
            // Each instance's pool (EF and Quartz share it) at 60: two stay under the server's 200 connections; with Npgsql's
            // default of 100 each, 256 runs at once on each instance took every connection and the rest failed.
            var connection = new NpgsqlConnectionStringBuilder(output.Trim()) { Database = "watches", MaxPoolSize = 60 }.ConnectionString;
            await using (var server = new NpgsqlConnection(output.Trim()))
            {
                await server.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE DATABASE watches", server);
                await create.ExecuteNonQueryAsync();
            }

            var token = "sdt_bench_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            Dictionary<string, string> Clustered(string name) => new(Settings(count, interval))
            {
                ["Database__Provider"] = "Postgres", ["ConnectionStrings__Dashboard"] = connection, ["ScaleOut__Redis"] = redis.Address,
                ["ScaleOut__InstanceName"] = name, ["Auth__BootstrapToken"] = token,
            };
            await using var one = await DashboardProcess.StartAsync(webDll, settings: Clustered("one"));
            await using var two = await DashboardProcess.StartAsync(webDll, settings: Clustered("two"));
            using var httpOne = Admin(one, token);
            using var httpTwo = Admin(two, token);
            await CreateAsync(httpOne, count, interval);
            await using var db = new NpgsqlConnection(connection);
            await Task.Delay(TimeSpan.FromSeconds(interval * 3));
            var (fromMs, cpu0, counted0) = (Now(), (one.CpuSeconds(), two.CpuSeconds()),
                (await WatchFleet.RunsCountedAsync(httpOne, default), await WatchFleet.RunsCountedAsync(httpTwo, default)));
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(windowSeconds));
            var (toMs, cpu1, counted1) = (Now(), (one.CpuSeconds(), two.CpuSeconds()),
                (await WatchFleet.RunsCountedAsync(httpOne, default), await WatchFleet.RunsCountedAsync(httpTwo, default)));
            var seconds = clock.Elapsed.TotalSeconds;
            var window = WatchWindow.Of(await WatchFleet.RunsAsync(db, default), interval, fromMs, toMs - interval * 1000L);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PostgreSQL, two clustered instances: {window}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  runs counted in the window: one {counted1.Item1 - counted0.Item1:N0}, two {counted1.Item2 - counted0.Item2:N0}; CPU one {100 * (cpu1.Item1 - cpu0.Item1) / seconds:F1} %, two {100 * (cpu1.Item2 - cpu0.Item2) / seconds:F1} % of one core"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await redis.DisposeAsync();
            await Repository.RunScriptAsync("postgres.sh", ["stop", pgDir], CancellationToken.None);
        }
    }

    private static Dictionary<string, string> Settings(int count, int interval) => BenchmarkOptions.WebEnvironment(new Dictionary<string, string>
    {
        ["Watches__MaxWatches"] = Math.Max(count, 1).ToString(CultureInfo.InvariantCulture),
        ["Watches__AdminMinIntervalSeconds"] = Math.Min(interval, 5).ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>Makes the watches through the REST API, 8 at a time: even indexes to accepting ports, odd to refusing ones.</summary>
    private static async Task CreateAsync(HttpClient http, int count, int interval)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            var open = i % 2 == 0;
            var port = (open ? OpenBase : ClosedBase) + i / 2;
            await WatchFleet.CreateTcpAsync(http, $"bench-{i}", "127.0.0.1", port, interval, cancellationToken, open ? "open" : "closed");
        });
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"made {count:N0} watches in {clock.Elapsed.TotalSeconds:F1} s"));
    }

    private static HttpClient Admin(DashboardProcess dashboard, string token)
    {
        var http = dashboard.Http();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>The database's size as a reader sees it (pages in the file and the WAL): what the runs added, checkpoints aside.</summary>
    private static async Task<long> SqliteBytesAsync(SqliteConnection db)
    {
        if (db.State != System.Data.ConnectionState.Open)
        {
            await db.OpenAsync();
        }

        await using var command = db.CreateCommand();
        command.CommandText = "SELECT (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size())";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>A listener that accepts and closes at once, so its queue never fills.</summary>
    private static TcpListener Accepting(int port, CancellationToken cancellationToken)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start(512);
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    (await listener.AcceptSocketAsync(cancellationToken)).Dispose();
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }, cancellationToken);
        return listener;
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
