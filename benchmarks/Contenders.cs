using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Contracts;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets;
using Dashboard.Sockets.Scanning;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

/// <summary>The three ways a scan is run and timed: through the hub, the engine alone, nmap.</summary>
internal static partial class Contenders
{
    /// <summary>BENCH_DETAIL=1 prints where a hub scan's time went.</summary>
    private static readonly bool Detail = Environment.GetEnvironmentVariable("BENCH_DETAIL") == "1";

    /// <summary>Through the hub, until the SignalR client has received the batch marked done.</summary>
    public static async Task<(double Seconds, List<int> Open, long Results)> HubAsync(DashboardProcess dashboard, ScanRequest request)
    {
        await using var hub = dashboard.Hub();
        await hub.StartAsync();
        var open = new List<int>();
        long results = 0;
        var serverCpu = dashboard.CpuSeconds();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var firstBatch = 0.0;
        var batches = 0;
        await foreach (var batch in hub.StreamAsync<ScanBatch>(ProbeHubRoutes.Scan, request))
        {
            if (batches++ == 0)
            {
                firstBatch = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            results += batch.ResultCount;
            open.AddRange(batch.Results.Where(r => r.State == ProbeState.Open).Select(r => r.Port));
            if (batch.Compact is { } compact)
            {
                // Every compact row is read, as a client that shows or stores them would.
                for (var i = 0; i < compact.Count; i++)
                {
                    if (compact.Shapes[compact.Shape[i]].State == ProbeState.Open)
                    {
                        open.Add(compact.Port[i]);
                    }
                }
            }
            if (batch.Done)
            {
                if (batch.Outcome != ScanOutcome.Completed)
                {
                    throw new InvalidOperationException($"hub scan ended {batch.Outcome}");
                }

                if (Detail)
                {
                    // Where the time goes: the first batch (start of the scan), the server's own run, the tail after it.
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  hub detail: first batch at {firstBatch:F0} ms, server's scan {batch.ElapsedMs:F0} ms, client done at {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms, {batches} batches; CPU: dashboard {dashboard.CpuSeconds() - serverCpu:F2} s, client {(Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds:F2} s"));
                }

                break;
            }
        }

        return (Stopwatch.GetElapsedTime(started).TotalSeconds, open, results);
    }

    /// <summary>The engine alone, in this process: plan once, then time the scan.</summary>
    public static async Task<(double Seconds, List<int> Open, long Results)> EngineAsync(ScanRequest request)
    {
        var services = new ServiceCollection();
        services.AddSocketEngine();
        await using var provider = services.BuildServiceProvider();
        var plan = await provider.GetRequiredService<ScanPlanner>().PlanAsync(request, CancellationToken.None);
        var scanner = provider.GetRequiredService<IConnectScanner>();
        var open = new List<int>();
        long results = 0;
        var started = Stopwatch.GetTimestamp();
        await foreach (var result in scanner.ScanAsync(plan, CancellationToken.None))
        {
            results++;
            if (result.State == ProbeState.Open)
            {
                open.Add(result.Port);
            }
        }

        return (Stopwatch.GetElapsedTime(started).TotalSeconds, open, results);
    }

    /// <summary>nmap's connect scan, timed as a whole process; open ports read from its grepable output.</summary>
    public static async Task<(double Seconds, List<int> Open, long Results)> NmapAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("nmap", arguments.Concat(["-oG", "-"])) { RedirectStandardOutput = true, RedirectStandardError = true };
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("nmap did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"nmap exited {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
        }

        var open = OpenPort().Matches(output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        return (seconds, open, 0);
    }

    /// <summary>The C reference (benchmarks/cscan/cscan.c): one process per half of the range, both at once, timed together.</summary>
    public static async Task<(double Seconds, List<int> Open, long Results)> CReferenceAsync(string cscan, string host)
    {
        var halves = new[] { "1-32767", "32768-65535" };
        var started = Stopwatch.GetTimestamp();
        var outputs = await Task.WhenAll(halves.Select(async range =>
        {
            var start = new ProcessStartInfo(cscan, ["-w", "1024", "-t", "1000", host, range]) { RedirectStandardOutput = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("cscan did not start");
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output;
        }));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var open = outputs.SelectMany(o => o.Split('\n').Where(l => l.StartsWith("open:", StringComparison.Ordinal)))
            .SelectMany(l => l[5..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        return (seconds, open, 0);
    }

    [GeneratedRegex(@"(\d+)/open/tcp")]
    private static partial Regex OpenPort();
}
