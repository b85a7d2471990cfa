using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Scanning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Discovery;

/// <summary>
/// Finds out which addresses of a scan are up before their ports are scanned, all methods at once,
/// first proof wins: a connect that completes or is refused (a few common ports and the scan's own
/// first ports), an ICMP echo reply (ping socket, or raw with CAP_NET_RAW), an ARP reply on a local
/// subnet (CAP_NET_RAW). Down: no route, neighbour resolution failed, no ARP reply, or no answer at
/// all within <see cref="ScanOptions.DiscoveryTimeoutMs"/>.
/// </summary>
public sealed class HostDiscoverer(TcpProber prober, SocketBudget budget, IOptions<ScanOptions> options, TimeProvider time,
    ILogger<HostDiscoverer> logger)
{
    private const int ArpTries = 3;
    private const int ArpIntervalMs = 200;
    private const int EchoIntervalMs = 1_000;
    private const int HostsAtOnce = 256;
    private const int ScanPortsTried = 2;

    private readonly ScanOptions _options = options.Value;

    /// <summary>One result per target, in the order they are decided. Cancelling stops every probe.</summary>
    public IAsyncEnumerable<HostResult> DiscoverAsync(IReadOnlyList<ResolvedTarget> targets, IReadOnlyList<int> scanPorts,
        CancellationToken cancellationToken) => DiscoverAsync(targets, scanPorts, null, cancellationToken);

    /// <summary>
    /// One result per target, in the order they are decided. Connects go only to <paramref name="discoveryPorts"/> (null:
    /// <see cref="ScanOptions.DiscoveryPorts"/>) and the first two of <paramref name="scanPorts"/>: the caller gives only ports
    /// its policy allows. Cancelling stops every probe.
    /// </summary>
    public async IAsyncEnumerable<HostResult> DiscoverAsync(IReadOnlyList<ResolvedTarget> targets, IReadOnlyList<int> scanPorts,
        IReadOnlyList<int>? discoveryPorts, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        cancellationToken.ThrowIfCancellationRequested();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var verdicts = new HostVerdicts(targets, time, stop.Token);
        var ports = (discoveryPorts ?? _options.DiscoveryPorts).Concat(scanPorts.Take(ScanPortsTried)).Distinct().ToArray();
        var work = RunAsync(targets, ports, verdicts, stop.Token);
        try
        {
            await foreach (var result in verdicts.Output.ReadAllAsync(cancellationToken))
            {
                yield return result;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await work;
        }
    }

    private async Task RunAsync(IReadOnlyList<ResolvedTarget> targets, int[] ports, HostVerdicts verdicts, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(_options.DiscoveryTimeoutMs);
        var pinger = new IcmpEchoPinger(_options.UseRawSockets);
        var icmp = string.Join(", ", targets.Select(t => t.Address.AddressFamily).Distinct()
            .Select(f => pinger.Open(f) is var (socket, raw) ? Disposed(socket, raw ? "raw socket" : "ping socket") : "unavailable"));
        var arpSubnets = new List<string>();
        var tasks = new List<Task>(StartArp(targets, verdicts, arpSubnets, deadline.Token))
        {
            pinger.RunAsync([.. targets.Select(t => t.Address)], EchoIntervalMs,
                reply => verdicts.Up(reply.Address, HostMethods.IcmpEcho, reply.Detail, reply.RttMs, "it answered an ICMP echo request"),
                deadline.Token),
            Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = HostsAtOnce, CancellationToken = deadline.Token },
                async (target, _) => await new TcpPinger(prober, budget).PingAsync(target, ports, _options.DiscoveryTimeoutMs, verdicts)),
        };
        try
        {
            var all = Task.WhenAll(tasks);
            while (!verdicts.AllDecided && !all.IsCompleted && !deadline.IsCancellationRequested)
            {
                await Task.WhenAny(all, Task.Delay(10, stop));
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await deadline.CancelAsync();
            foreach (var target in verdicts.Undecided.ToList())
            {
                verdicts.Down(target.Address, HostMethods.NoResponse, null, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"nothing answered within {_options.DiscoveryTimeoutMs} ms: no connect to ports {string.Join(", ", ports)} was answered, nor an ICMP echo"));
            }

            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            verdicts.Complete();
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var arp = arpSubnets.Count == 0 ? "none" : string.Join(", ", arpSubnets);
            DiscoveryLog.Finished(logger, targets.Count, targets.Count - verdicts.DownCount, verdicts.DownCount, elapsedMs, icmp, arp);
        }
    }

    /// <summary>One ARP sweep per local subnet with targets on it, when raw sockets may be used.</summary>
    private List<Task> StartArp(IReadOnlyList<ResolvedTarget> targets, HostVerdicts verdicts, List<string> used, CancellationToken token)
    {
        if (!_options.UseRawSockets || !_options.UseArp || !OperatingSystem.IsLinux() || !targets.Any(t => t.Address.AddressFamily == AddressFamily.InterNetwork) ||
            !ArpSweeper.Allowed())
        {
            return [];
        }

        var subnets = LocalSubnet.All();
        var tasks = new List<Task>();
        foreach (var group in targets.Select(t => t.Address)
                     .Where(a => !subnets.Any(s => s.Local.Equals(a)))
                     .GroupBy(a => subnets.FirstOrDefault(s => s.Contains(a))))
        {
            if (group.Key is not { } subnet)
            {
                continue;
            }

            used.Add($"{subnet.InterfaceName} ({subnet.Local}/{subnet.PrefixLength})");
            var addresses = group.ToList();
            tasks.Add(Task.Factory.StartNew(() => Sweep(subnet, addresses, verdicts, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        }

        return tasks;
    }

    private void Sweep(LocalSubnet subnet, List<IPAddress> addresses, HostVerdicts verdicts, CancellationToken token)
    {
        try
        {
            var silent = ArpSweeper.Sweep(subnet, addresses, ArpTries, ArpIntervalMs,
                reply => verdicts.Up(reply.Address, HostMethods.Arp, reply.Detail, reply.RttMs, $"it answered ARP on {subnet.InterfaceName}"),
                token);
            if (token.IsCancellationRequested)
            {
                return;
            }

            foreach (var address in silent)
            {
                verdicts.Down(address, HostMethods.Arp, $"no ARP reply on {subnet.InterfaceName}",
                    $"nothing on the local subnet {subnet.Local}/{subnet.PrefixLength} answered {ArpTries} ARP requests for {address}");
            }
        }
        catch (InvalidOperationException e)
        {
            DiscoveryLog.ArpFailed(logger, subnet.InterfaceName, e);
        }
    }

    private static string Disposed(Socket socket, string what)
    {
        socket.Dispose();
        return what;
    }
}
