using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Dashboard.Contracts.Identify;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Identify;
using Dashboard.Tests.Support;
using Microsoft.Extensions.Options;

namespace Dashboard.Benchmarks;

/// <summary>
/// Service identification of 20 open ports among a full-range scan, in a namespace of its own (the service lab's real
/// sshd, lighttpd, exim4, redis-server, PostgreSQL and a silent listener, and 14 small servers of
/// <c>identify-servers.py</c>): ours (the engine's full-range connect scan, then the identifier on each open port,
/// 16 at a time: the engine directly, no dashboard) beside <c>nmap -sV -p- -T4</c> (root), both from this namespace.
/// Names compared port by port. Goal: the same names in at most half nmap's time.
/// </summary>
internal static class IdentifyBenchmark
{
    private const int Expected = 20;

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var lab = new ServiceLab();
        await lab.InitializeAsync();
        var script = Path.Combine(AppContext.BaseDirectory, "identify-servers.py");
        using var servers = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", lab.Namespace.Name, "python3", script, lab.Address])
            { RedirectStandardOutput = true, RedirectStandardInput = true }) ?? throw new InvalidOperationException("python3 did not start");
        try
        {
            await servers.StandardOutput.ReadLineAsync();
            var identifier = new ServiceIdentifier(Options.Create(new IdentifyOptions()), TimeProvider.System);
            Console.WriteLine($"identify: {Expected} open ports among 1-65535 of {lab.Address} (a namespace of its own); median of {options.Rounds} rounds");
            var ours = new List<double>();
            var theirs = new List<double>();
            Dictionary<int, IdentifyResult> found = [];
            Dictionary<int, (string? Name, string? Method, string? Product)> nmap = [];
            for (var round = 0; round < options.Rounds; round++)
            {
                var started = Stopwatch.GetTimestamp();
                var (_, open, _) = await Contenders.EngineAsync(new ScanRequest(lab.Address, "-", TimeoutMs: 1000, Concurrency: 1024));
                found = await IdentifyAllAsync(identifier, lab.Address, open);
                ours.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                started = Stopwatch.GetTimestamp();
                nmap = await NmapAsync(lab.Address);
                theirs.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round + 1}: ours {ours[^1]:F2} s ({found.Count} open), nmap -sV -p- -T4 {theirs[^1]:F2} s ({nmap.Count} open)"));
            }

            var same = Table(found, nmap);
            var (o, n) = (Median(ours), Median(theirs));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"identify: ours {o:F2} s, nmap -sV -p- -T4 {n:F2} s ({o / n:P0} of nmap's time; goal ≤ 50 %); names agree on {same} of {nmap.Count} ports"));
            return 0;
        }
        finally
        {
            servers.Kill(entireProcessTree: true);
            await lab.DisposeAsync();
        }
    }

    private static async Task<Dictionary<int, IdentifyResult>> IdentifyAllAsync(ServiceIdentifier identifier, string address, List<int> open)
    {
        var results = new System.Collections.Concurrent.ConcurrentDictionary<int, IdentifyResult>();
        await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = identifier.Options.DefaultConcurrency }, async (port, token) =>
            results[port] = await identifier.IdentifyAsync(new IdentifyRequest(address, port), token));
        return new Dictionary<int, IdentifyResult>(results);
    }

    // A port agrees when both name the same service, or when nmap only guessed from its port table and we named nothing.
    private static int Table(Dictionary<int, IdentifyResult> ours, Dictionary<int, (string? Name, string? Method, string? Product)> nmap)
    {
        Console.WriteLine("  port   nmap -sV                          ours                              same");
        var same = 0;
        foreach (var port in ours.Keys.Union(nmap.Keys).Order())
        {
            var theirs = nmap.TryGetValue(port, out var t) ? $"{t.Name}{(t.Method == "table" ? "?" : "")} {t.Product}".Trim() : "(not open)";
            var mine = ours.TryGetValue(port, out var r) ? $"{r.Service ?? WireName(r.State)} {r.Product} {r.Version}".Trim() : "(not open)";
            var agrees = r is not null && nmap.ContainsKey(port) && (r.Service == t.Name || (t.Method == "table" && r.Service is null));
            same += agrees ? 1 : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {port,-6} {Cut(theirs),-33} {Cut(mine),-33} {(agrees ? "yes" : "NO")}"));
        }

        return same;
    }

    private static string WireName(IdentifyState state) => state.ToString().ToLowerInvariant();

    private static string Cut(string text) => text.Length <= 32 ? text : text[..31] + "…";

    private static async Task<Dictionary<int, (string? Name, string? Method, string? Product)>> NmapAsync(string address)
    {
        var start = new ProcessStartInfo("nmap", ["-sV", "-p-", "-T4", "-Pn", "-n", "-oX", "-", address]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("nmap did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return XDocument.Parse(await output).Descendants("port")
            .Where(p => p.Element("state")?.Attribute("state")?.Value == "open")
            .ToDictionary(p => int.Parse(p.Attribute("portid")!.Value, CultureInfo.InvariantCulture), p =>
            {
                var service = p.Element("service");
                return (service?.Attribute("name")?.Value, service?.Attribute("method")?.Value, service?.Attribute("product")?.Value);
            });
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
