namespace Dashboard.Benchmarks;

internal sealed record BenchmarkOptions(string Mode, string WebDll, int Rounds, string Target)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new BenchmarkOptions(args.FirstOrDefault() ?? "", Value("--web", ""), int.Parse(Value("--rounds", "5"), System.Globalization.CultureInfo.InvariantCulture),
            Value("--target", "127.0.0.1"));
    }
}
