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

/// <summary>What one run of a network scan found: open endpoints ("ip:port"), hosts up and down, filtered ports, port rows.</summary>
internal sealed record NetworkOutcome(double Seconds, SortedSet<string> Open, int HostsUp, int HostsDown, int Filtered, long PortRows, int HostRows = 0);

/// <summary>Scans over a network (host discovery, several hosts), timed through the hub, the engine alone, and nmap.</summary>
internal static partial class NetworkContenders
{
    public static async Task<NetworkOutcome> HubAsync(DashboardProcess dashboard, ScanRequest request)
    {
        await using var hub = dashboard.Hub();
        await hub.StartAsync();
        var tally = new Tally();
        var started = Stopwatch.GetTimestamp();
        await foreach (var batch in hub.StreamAsync<ScanBatch>(ProbeHubRoutes.Scan, request))
        {
            batch.Hosts?.ToList().ForEach(tally.Add);
            batch.Results.ToList().ForEach(tally.Add);
            if (batch.Done)
            {
                if (batch.Outcome != ScanOutcome.Completed)
                {
                    throw new InvalidOperationException($"hub scan ended {batch.Outcome}");
                }

                break;
            }
        }

        return tally.Outcome(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    public static async Task<NetworkOutcome> EngineAsync(ScanRequest request)
    {
        var services = new ServiceCollection();
        services.AddSocketEngine();
        await using var provider = services.BuildServiceProvider();
        var plan = await provider.GetRequiredService<ScanPlanner>().PlanAsync(request, CancellationToken.None);
        var scanner = provider.GetRequiredService<NetworkScanner>();
        var tally = new Tally();
        var started = Stopwatch.GetTimestamp();
        await foreach (var item in scanner.ScanAsync(plan, CancellationToken.None))
        {
            if (item.Host is { } host)
            {
                tally.Add(host);
            }
            else
            {
                tally.Add(item.Port!);
            }
        }

        return tally.Outcome(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>nmap with grepable output; hosts down are counted from its summary line (-oG lists only hosts up).</summary>
    public static async Task<NetworkOutcome> NmapAsync(IEnumerable<string> arguments)
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

        var open = new SortedSet<string>(StringComparer.Ordinal);
        var filtered = 0;
        foreach (Match line in PortsLine().Matches(output))
        {
            foreach (Match port in PortEntry().Matches(line.Groups[2].Value))
            {
                if (port.Groups[2].Value == "open")
                {
                    open.Add($"{line.Groups[1].Value}:{port.Groups[1].Value}");
                }
                else if (port.Groups[2].Value == "filtered")
                {
                    filtered++;
                }
            }
        }

        // Past 25 ports of one state nmap lists none of them, only "Ignored State: filtered (2997)".
        filtered += IgnoredFiltered().Matches(output).Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        var summary = Summary().Match(output);
        var scanned = int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture);
        var up = int.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture);
        return new NetworkOutcome(seconds, open, up, scanned - up, filtered, 0);
    }

    [GeneratedRegex(@"Host: (\S+) \([^)]*\)\tPorts: ([^\t\n]*)")]
    private static partial Regex PortsLine();

    [GeneratedRegex(@"(\d+)/(open|closed|filtered|unfiltered|open\|filtered)/tcp")]
    private static partial Regex PortEntry();

    [GeneratedRegex(@"Ignored State: filtered \((\d+)\)")]
    private static partial Regex IgnoredFiltered();

    [GeneratedRegex(@"-- (\d+) IP address(?:es)? \((\d+) hosts? up\)")]
    private static partial Regex Summary();

    private sealed class Tally
    {
        private readonly SortedSet<string> _open = new(StringComparer.Ordinal);
        private int _up;
        private int _down;
        private int _hostRows;
        private int _filtered;
        private long _rows;

        public void Add(HostResult host)
        {
            _hostRows++;
            if (host.State == HostState.Up)
            {
                _up++;
            }
            else
            {
                // A run of consecutive down addresses is one row.
                _down += host.Addresses;
            }
        }

        public void Add(ProbeResult port)
        {
            _rows++;
            if (port.State == ProbeState.Open)
            {
                _open.Add($"{port.Address}:{port.Port}");
            }
            else if (port.State == ProbeState.Filtered)
            {
                _filtered++;
            }
        }

        public NetworkOutcome Outcome(double seconds) => new(seconds, _open, _up, _down, _filtered, _rows, _hostRows);
    }
}
