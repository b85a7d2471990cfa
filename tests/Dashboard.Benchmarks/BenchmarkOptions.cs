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
    public static BenchmarkOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new BenchmarkOptions(args.FirstOrDefault() ?? "", Value("--web", ""), int.Parse(Value("--rounds", "5"), System.Globalization.CultureInfo.InvariantCulture),
            Value("--target", "127.0.0.1"), Value("--open", "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            int.Parse(Value("--live", "0"), System.Globalization.CultureInfo.InvariantCulture), Value("--cscan", ""));
    }
}
