namespace Dashboard.Benchmarks;

/// <summary>The command line of a benchmark run.</summary>
/// <param name="Mode">Which benchmark.</param>
/// <param name="WebDll">The Release build of the dashboard to start.</param>
/// <param name="Rounds">Runs per contender.</param>
/// <param name="Target">What to scan.</param>
/// <param name="Open">The open endpoints ("ip:port") the namespaces were built with, for the network scenarios.</param>
/// <param name="LiveHosts">How many addresses of the LAN answer (its own side included).</param>
/// <param name="CScan">The compiled C reference scanner, for the loopback benchmark; empty to leave it out.</param>
internal sealed record BenchmarkOptions(string Mode, string WebDll, int Rounds, string Target, string[] Open, int LiveHosts, string CScan)
{
    /// <summary>
    /// Unreported scans per dashboard before the measured rounds of the history and compare benchmarks (<c>--warmup</c> or
    /// <c>BENCH_WARMUP</c>), so they compare servers in their steady state: the runtime re-compiles a method (twice, with
    /// profile-guided optimisation) only after 30 calls, and much of a scan's path (the database's, the hub's) runs a few
    /// times per scan, so a fresh server's scans keep paying for compilation for dozens of scans (in a profile after 5
    /// scans the compiler's thread took a seventh of all the machine's CPU samples, a fifth of the dashboard's).
    /// </summary>
    public int WarmUps { get; init; } = 40;

    /// <summary>Flood: idle hub connections to try.</summary>
    public int Connections { get; init; } = 1_500;

    /// <summary>Flood: connections being opened at once.</summary>
    public int Parallel { get; init; } = 256;

    /// <summary>Flood: the dashboard's open-file limit, soft and hard.</summary>
    public int OpenFileLimit { get; init; } = 1_024;

    /// <summary>Flood: how long the flood is held once open, in seconds.</summary>
    public int HoldSeconds { get; init; } = 20;

    /// <summary>Flood: the dashboard's <c>Limits:HubConnectionsPerUser</c>; the flood is one user's.</summary>
    public int PerUser { get; init; } = 64;

    /// <summary>
    /// Environment variables <c>BENCH_WEB_X=v</c> given to the dashboards started as <c>X=v</c> (runtime knobs such as
    /// <c>BENCH_WEB_DOTNET_TieredPGO=0</c>, or settings such as <c>BENCH_WEB_History__Enabled=false</c>), to try them without a rebuild.
    /// </summary>
    public static Dictionary<string, string> WebEnvironment(IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>());
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string key && key.StartsWith("BENCH_WEB_", StringComparison.Ordinal) && key.Length > 10)
            {
                environment[key[10..]] = variable.Value as string ?? "";
            }
        }

        return environment;
    }

    public static BenchmarkOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Number(string name, string fallback) => int.Parse(Value(name, fallback), System.Globalization.CultureInfo.InvariantCulture);

        return new BenchmarkOptions(args.FirstOrDefault() ?? "", Value("--web", ""), Number("--rounds", "5"),
            Value("--target", "127.0.0.1"), Value("--open", "").Split(',', StringSplitOptions.RemoveEmptyEntries), Number("--live", "0"), Value("--cscan", ""))
        {
            Connections = Number("--connections", "1500"),
            Parallel = Number("--parallel", "256"),
            OpenFileLimit = Number("--nofile", "1024"),
            HoldSeconds = Number("--hold", "20"),
            PerUser = Number("--per-user", "64"),
            WarmUps = Number("--warmup", Environment.GetEnvironmentVariable("BENCH_WARMUP") ?? "40"),
        };
    }
}
