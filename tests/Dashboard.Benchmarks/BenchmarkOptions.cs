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
        };
    }
}
