using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Discovery;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Sockets.Tests.Discovery;

/// <summary>Host discovery on a private LAN in a network namespace of this class's own.</summary>
public sealed class HostDiscoveryTests(LanNamespace lan) : IClassFixture<LanNamespace>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scan_SubnetWithAbsentHosts_ReportsEachDownOnceByArpAndScansOnlyHostsUp()
    {
        var (hosts, ports) = await LanScans.RunAsync(new ScanRequest($"{lan.Prefix}.0/28", "22,80,443,5432"), cancellationToken: Token);

        Assert.Equal(16, hosts.Sum(h => h.Addresses));
        Assert.Equal(16, hosts.SelectMany(h => h.EachAddress()).Distinct().Count());
        var up = hosts.Where(h => h.State == HostState.Up).Select(h => h.Address).Order().ToArray();
        Assert.Equal(new[] { lan.Self, lan.Live, lan.Silent }.Select(a => a.ToString()).Order(), up);
        Assert.All(hosts.Where(h => h.State == HostState.Down), h =>
        {
            // ARP decided them: no connect went to an address of a subnet ARP sweeps, so the kernel's ~3 s neighbour resolution
            // (EHOSTUNREACH) never raced it. What ARP decided is the proof it was fast, not a clock a loaded machine could stretch.
            Assert.Equal(HostMethods.Arp, h.Method);
            Assert.StartsWith("no ARP reply on ", h.Detail, StringComparison.Ordinal);
            Assert.Null(h.RttMs);
            Assert.Contains("ARP requests", h.Reason, StringComparison.Ordinal);
        });
        // Every method runs at once and the first answer decides: for a live host, ARP or ICMP echo.
        Assert.NotNull(hosts.Single(h => h.Address == lan.Live.ToString()).RttMs);
        Assert.All(ports, p => Assert.Contains(p.Address, up));
        Assert.Equal([22, 80, 5432], ports.Where(p => p.Address == lan.Live.ToString() && p.State == ProbeState.Open).Select(p => p.Port).Order());
        Assert.Equal("postgresql", ports.Single(p => p.Address == lan.Live.ToString() && p.Port == 5432).Service);
        Assert.All(ports.Where(p => p.Address == lan.Silent.ToString()), p => Assert.Equal(ProbeState.Filtered, p.State));
    }

    [Fact]
    public async Task Discover_Unprivileged_AbsentHostIsDownByNeighbourFailureAndLiveHostUpByConnect()
    {
        var options = new ScanOptions { UseRawSockets = false };

        var (hosts, ports) = await LanScans.RunAsync(new ScanRequest($"{lan.Absent(0)} {lan.Live}", "5432"), options, Token);

        var absent = hosts.Single(h => h.Address == lan.Absent(0).ToString());
        Assert.Equal((HostState.Down, HostMethods.HostUnreachable), (absent.State, absent.Method));
        Assert.Contains("EHOSTUNREACH", absent.Detail, StringComparison.Ordinal);
        var live = hosts.Single(h => h.Address == lan.Live.ToString());
        Assert.Equal(HostState.Up, live.State);
        Assert.True(live.Method is HostMethods.TcpConnect or HostMethods.TcpRefused, live.Method);
        Assert.NotNull(live.RttMs);
        Assert.Equal(ProbeState.Open, Assert.Single(ports).State);
    }

    [Fact]
    public async Task Scan_LiveHostFoundFirst_ItsPortsAreScannedWhileAnAbsentHostIsStillBeingDecided()
    {
        // Unprivileged: the absent host is decided only by the kernel's neighbour resolution, seconds after the live one answered.
        var options = new ScanOptions { UseRawSockets = false };
        var plan = await Engine.Planner(options).PlanAsync(new ScanRequest($"{lan.Absent(2)} {lan.Live}", "22,80,5432"), Token);
        var events = new List<ScanEvent>();

        await foreach (var item in Engine.Network(options).ScanAsync(plan, Token))
        {
            events.Add(item);
        }

        var absentDecided = events.FindIndex(e => e.Host?.Address == lan.Absent(2).ToString());
        var livePorts = events.Select((e, i) => (e, i)).Where(p => p.e.Port?.Address == lan.Live.ToString()).Select(p => p.i).ToList();
        Assert.Equal(HostState.Down, events[absentDecided].Host!.State);
        Assert.Equal(3, livePorts.Count);
        Assert.True(livePorts.Max() < absentDecided, $"the live host's ports came at {string.Join(",", livePorts)}, the absent host's verdict at {absentDecided}");
        Assert.DoesNotContain(events, e => e.Port?.Address == lan.Absent(2).ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Scan_Ipv6Subnet_AbsentHostIsDownByNeighbourFailure_LiveHostUpAndScanned(bool rawSockets)
    {
        var options = new ScanOptions { UseRawSockets = rawSockets };

        var (hosts, ports) = await LanScans.RunAsync(new ScanRequest($"{lan.Absent6(0)} {lan.Absent6(1)} {lan.Live6}", "22,80,443"), options, Token);

        // The two absent addresses are consecutive and down alike: one run.
        Assert.Equal((2, 3), (hosts.Count, hosts.Sum(h => h.Addresses)));
        Assert.All(hosts.Where(h => h.Address != lan.Live6.ToString()), absent =>
        {
            Assert.Equal(HostState.Down, absent.State);
            Assert.True(absent.Method == HostMethods.HostUnreachable, $"{absent.Method}: {absent.Reason} ({absent.Detail})");
            Assert.Null(absent.RttMs);
        });
        var live = hosts.Single(h => h.Address == lan.Live6.ToString());
        Assert.Equal(HostState.Up, live.State);
        Assert.NotNull(live.RttMs);
        Assert.All(ports, p => Assert.Equal(lan.Live6.ToString(), p.Address));
        Assert.Equal([22, 80], ports.Where(p => p.State == ProbeState.Open).Select(p => p.Port).Order());
        Assert.Equal(ProbeState.Closed, ports.Single(p => p.Port == 443).State);
    }

    [Fact]
    public async Task Discover_HostThatDropsAllTcp_IsUpByIcmpEcho_AndItsPortsAreFilteredAfterRetries()
    {
        var options = new ScanOptions { UseArp = false };

        var (hosts, ports) = await LanScans.RunAsync(new ScanRequest($"{lan.Silent} {lan.Live}", "22,80", Discovery: HostDiscovery.On), options, Token);

        var silent = hosts.Single(h => h.Address == lan.Silent.ToString());
        Assert.Equal((HostState.Up, HostMethods.IcmpEcho), (silent.State, silent.Method));
        Assert.True(silent.Detail is "ping socket" or "raw socket", silent.Detail);
        var silentPorts = ports.Where(p => p.Address == lan.Silent.ToString()).ToList();
        Assert.Equal(2, silentPorts.Count);
        Assert.All(silentPorts, p => Assert.Equal((ProbeState.Filtered, "ETIMEDOUT"), (p.State, p.CodeName)));
        Assert.All(silentPorts, p => Assert.True(p.Attempts >= 2, $"port {p.Port}: {p.Attempts} attempts"));
    }

    [Fact]
    public async Task Scan_DiscoveryOff_ScansAbsentHostAsIfUp_ItsPortsGetNoAnswer()
    {
        var (hosts, ports) = await LanScans.RunAsync(new ScanRequest($"{lan.Live} {lan.Absent(1)}", "22", Discovery: HostDiscovery.Off),
            cancellationToken: Token);

        Assert.All(hosts, h => Assert.Equal((HostState.Up, HostMethods.UserSet), (h.State, h.Method)));
        // Retries end (about 2 s) before the kernel's neighbour resolution fails (about 3 s): no answer, as nmap -Pn says.
        Assert.True(ports.Single(p => p.Address == lan.Absent(1).ToString()).State is ProbeState.Filtered or ProbeState.Unreachable);
        Assert.Equal(ProbeState.Open, ports.Single(p => p.Address == lan.Live.ToString()).State);
    }

    [Fact]
    public async Task Scan_FirstSynDropped_IsRetriedWithAFreshConnectAndFoundOpen()
    {
        var rule = $"INPUT -d {lan.Live} -p tcp --dport 5432 --syn -m statistic --mode nth --every 1000000 --packet 0 -j DROP";
        lan.Exec("iptables", $"-I {rule}");
        try
        {
            // One host: no discovery. Port 22 answers first, so the host's timeout falls to the minimum,
            // well before the kernel's own SYN retransmission (1 s) could rescue the first connect.
            var (_, ports) = await LanScans.RunAsync(new ScanRequest(lan.Live.ToString(), "22,5432", TimeoutMs: 800), cancellationToken: Token);

            var retried = ports.Single(p => p.Port == 5432);
            Assert.Equal((ProbeState.Open, 2), (retried.State, retried.Attempts));
            Assert.InRange(retried.RttMs!.Value, 0, 100);
            Assert.Contains("    1 ", lan.Exec("iptables", "-L INPUT -v -n -x").Split('\n').Single(l => l.Contains("statistic", StringComparison.Ordinal)),
                StringComparison.Ordinal);
        }
        finally
        {
            lan.Exec("iptables", $"-D {rule}");
        }
    }
}
