using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Budget;
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
public sealed class HostDiscoverer(SocketBudget budget, IOptions<ScanOptions> options, TimeProvider time,
    ILogger<HostDiscoverer> logger)
{
    private const int ArpTries = 3;
    private const int ArpIntervalMs = 200;
    private const int EchoIntervalMs = 1_000;
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
        var arpSubnets = new List<string>();
        var arp = StartArp(targets, verdicts, arpSubnets, stop);
        // ARP decides its subnets alone: connects and echoes to those addresses would only fill the neighbour table.
        var rest = arp.Count == 0 ? targets : [.. targets.Where(t => !arp.Any(a => a.Covers(t.Address)))];
        var window = NeighbourWindow.Read(rest.Any(t => t.Address.AddressFamily == AddressFamily.InterNetworkV6), _options.DiscoveryHostsAtOnce);
        var pinger = new IcmpEchoPinger(_options.UseRawSockets);
        // Echoes go to every address at once, every second: only where that stays well inside the neighbour table.
        var echo = rest.Count <= window;
        var icmp = !echo ? "not used (more addresses than the neighbour window)" : string.Join(", ", rest.Select(t => t.Address.AddressFamily).Distinct()
            .Select(f => pinger.Open(f) is var (socket, raw) ? Disposed(socket, raw ? "raw socket" : "ping socket") : "unavailable"));
        using var echoStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var echoes = echo
            ? pinger.RunAsync([.. rest.Select(t => t.Address)], EchoIntervalMs,
                reply => verdicts.Up(reply.Address, HostMethods.IcmpEcho, reply.Detail, reply.RttMs, "it answered an ICMP echo request"),
                echoStop.Token)
            : Task.CompletedTask;
        try
        {
            await Task.WhenAll(arp.Select(a => a.Task).Append(PingAllAsync(rest, ports, window, verdicts, stop)));
            // ARP could not sweep a subnet (the packet socket failed): its addresses are asked the unprivileged way.
            var missed = arp.Where(a => !a.Task.Result).SelectMany(a => a.Addresses).ToHashSet();
            if (missed.Count > 0)
            {
                await PingAllAsync([.. targets.Where(t => missed.Contains(t.Address))], ports, window, verdicts, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await echoStop.CancelAsync();
            await echoes.ContinueWith(_ => { }, TaskScheduler.Default);
            verdicts.Complete();
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var arpUsed = arpSubnets.Count == 0 ? "none" : string.Join(", ", arpSubnets);
            DiscoveryLog.Finished(logger, targets.Count, targets.Count - verdicts.DownCount, verdicts.DownCount, elapsedMs, icmp, arpUsed, window);
        }
    }

    /// <summary>
    /// Connects to each host's discovery ports, <paramref name="window"/> hosts at once, each given
    /// <see cref="ScanOptions.DiscoveryTimeoutMs"/> from its own first connect; a host nothing answered is down then.
    /// </summary>
    private async Task PingAllAsync(IReadOnlyList<ResolvedTarget> targets, int[] ports, int window, HostVerdicts verdicts, CancellationToken stop)
    {
        var silence = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"nothing answered within {_options.DiscoveryTimeoutMs} ms: no connect to ports {string.Join(", ", ports)} was answered, nor an ICMP echo");
        using var connects = new DiscoveryConnect.Pool();
        var pinger = new TcpPinger(budget, connects);
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = window, CancellationToken = stop }, async (target, token) =>
        {
            if (verdicts.IsDecided(target.Address))
            {
                return;
            }

            await pinger.PingAsync(target, ports, _options.DiscoveryTimeoutMs, verdicts);
            if (!token.IsCancellationRequested)
            {
                verdicts.Down(target.Address, HostMethods.NoResponse, null, silence);
            }

            verdicts.Release(target.Address);
        });
    }

    private sealed record ArpSweep(LocalSubnet Subnet, List<IPAddress> Addresses, Task<bool> Task)
    {
        /// <summary>Whether this sweep decides the address: every address of the subnet but this server's own.</summary>
        public bool Covers(IPAddress address) => Subnet.Contains(address) && !Subnet.Local.Equals(address);
    }

    /// <summary>One ARP sweep per local subnet with targets on it, when raw sockets may be used.</summary>
    private List<ArpSweep> StartArp(IReadOnlyList<ResolvedTarget> targets, HostVerdicts verdicts, List<string> used, CancellationToken token)
    {
        if (!_options.UseRawSockets || !_options.UseArp || !OperatingSystem.IsLinux() || !targets.Any(t => t.Address.AddressFamily == AddressFamily.InterNetwork) ||
            !ArpSweeper.Allowed())
        {
            return [];
        }

        var subnets = LocalSubnet.All();
        var sweeps = new List<ArpSweep>();
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
            sweeps.Add(new ArpSweep(subnet, addresses,
                Task.Factory.StartNew(() => Sweep(subnet, addresses, verdicts, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
        }

        return sweeps;
    }

    /// <summary>False when the sweep could not run (its addresses are then asked the unprivileged way).</summary>
    private bool Sweep(LocalSubnet subnet, List<IPAddress> addresses, HostVerdicts verdicts, CancellationToken token)
    {
        try
        {
            var silent = ArpSweeper.Sweep(subnet, addresses, ArpTries, ArpIntervalMs,
                reply => verdicts.Up(reply.Address, HostMethods.Arp, reply.Detail, reply.RttMs, $"it answered ARP on {subnet.InterfaceName}"),
                token);
            if (token.IsCancellationRequested)
            {
                return true;
            }

            // One detail and one reason for every silent address (the row names the address): a /16's absent hosts share them.
            var detail = $"no ARP reply on {subnet.InterfaceName}";
            var reason = $"nothing on the local subnet {subnet.Local}/{subnet.PrefixLength} answered {ArpTries} ARP requests for the address";
            foreach (var address in silent)
            {
                verdicts.Down(address, HostMethods.Arp, detail, reason);
            }

            return true;
        }
        catch (InvalidOperationException e)
        {
            DiscoveryLog.ArpFailed(logger, subnet.InterfaceName, e);
            return false;
        }
    }

    private static string Disposed(Socket socket, string what)
    {
        socket.Dispose();
        return what;
    }
}
