using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Discovery;
using Dashboard.Sockets.Identify;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Scanning.Linux;
using Dashboard.Sockets.Udp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Tests.Support;

public static class Engine
{
    public static TcpProber Prober(int maxTimeoutMs = 30_000) =>
        new(Options.Create(new ProbeOptions { MaxTimeoutMs = maxTimeoutMs }), TimeProvider.System);

    public static UdpSender Udp(UdpOptions? options = null) => new(Options.Create(options ?? new UdpOptions()), TimeProvider.System);

    public static ListenerManager Listeners(ListenerOptions? options = null, SocketBudget? budget = null, TimeProvider? time = null,
        IListenerReplyPolicy? replies = null) =>
        new(Options.Create(options ?? new ListenerOptions()), time ?? TimeProvider.System, NullLogger<ListenerManager>.Instance, budget, replies);

    public static ServiceIdentifier Identifier(IdentifyOptions? options = null, SocketBudget? budget = null) =>
        new(Options.Create(options ?? new IdentifyOptions()), TimeProvider.System, budget);

    public static ScanPlanner Planner(ScanOptions? options = null) => new(Options.Create(options ?? new ScanOptions()));

    /// <summary>The budget of this test process: from its open-file limit, as the engine would have it.</summary>
    public static SocketBudget Budget { get; } = new();

    /// <summary>Each scanner this platform has, by name, for theories.</summary>
    public static IConnectScanner Scanner(string name, SocketBudget? budget = null) =>
        name == "epoll" && OperatingSystem.IsLinux()
            ? new EpollConnectScanner(TimeProvider.System, budget ?? Budget)
            : new SocketConnectScanner(Prober(), budget ?? Budget);

    public static HostDiscoverer Discoverer(ScanOptions? options = null) =>
        new(Budget, Options.Create(options ?? new ScanOptions()), TimeProvider.System, NullLogger<HostDiscoverer>.Instance);

    /// <summary>Discovery, then the ports of the hosts found up, as the dashboard runs a scan.</summary>
    public static NetworkScanner Network(ScanOptions? options = null, string scanner = "epoll") =>
        new(Scanner(scanner), Discoverer(options), TimeProvider.System);

    /// <summary>The scanner the engine picks on this platform.</summary>
    public static IConnectScanner DefaultScanner() => Scanner(OperatingSystem.IsLinux() ? "epoll" : "socket");

    public static TheoryData<string> Scanners => OperatingSystem.IsLinux() ? new("epoll", "socket") : new("socket");

    public static TheoryData<string> LoopbackAddresses => new("127.0.0.1", "::1");

    /// <summary>How many descriptors this process has open now (Linux).</summary>
    public static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;
}
