using System.Net;
using System.Net.Sockets;

namespace Dashboard.Tests.Support;

/// <summary>
/// Three network namespaces of the test's own on /24s of the benchmarking range (198.18.0.0/15) that no
/// route of this machine uses:
/// <list type="bullet">
/// <item><see cref="A"/> and <see cref="B"/>: where agents run, each joined to the test process by a veth
/// (<see cref="DashboardSideA"/>, <see cref="DashboardSideB"/> are the dashboard's addresses on them).</item>
/// <item><see cref="Router"/>: between A (<see cref="AOnPath"/>) and B (<see cref="BOnPath"/>), forwarding
/// (only inside itself); its iptables make NAT (<see cref="Masquerade"/>) and firewalls (<see cref="Drop"/>).</item>
/// </list>
/// Traffic goes only to these namespaces and loopback. Disposing deletes them, with their veths and rules.
/// </summary>
public sealed class AgentNetwork : IDisposable
{
    private readonly List<string> _namespaces = [];

    public AgentNetwork()
    {
        NetworkNamespaces.RequireRoot();

        var id = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..5];
        var used = Run("ip", "-4 route show");
        var free = Enumerable.Range(0, 256).Where(n => !used.Contains($"198.18.{n}.", StringComparison.Ordinal) && !used.Contains($"198.19.{n}.", StringComparison.Ordinal))
            .OrderBy(_ => Random.Shared.Next()).Take(4).ToArray();
        var (dashA, dashB, pathA, pathB) = ($"198.18.{free[0]}", $"198.18.{free[1]}", $"198.18.{free[2]}", $"198.18.{free[3]}");
        A = $"sda-{id}";
        B = $"sdb-{id}";
        Router = $"sdr-{id}";
        try
        {
            foreach (var ns in new[] { A, B, Router })
            {
                Run("ip", $"netns add {ns}");
                _namespaces.Add(ns);
                Run("ip", $"-n {ns} link set lo up");
            }

            Link(null, $"sdha{id}", dashA + ".1", A, "eth0", dashA + ".2");
            Link(null, $"sdhb{id}", dashB + ".1", B, "eth0", dashB + ".2");
            Link(A, "path0", pathA + ".2", Router, "toa", pathA + ".1");
            Link(B, "path0", pathB + ".2", Router, "tob", pathB + ".1");
            Exec(A, "ip", $"route add {pathB}.0/24 via {pathA}.1");
            Exec(B, "ip", $"route add {pathA}.0/24 via {pathB}.1");
            Exec(Router, "sysctl", "-qw net.ipv4.ip_forward=1");
        }
        catch
        {
            Dispose();
            throw;
        }

        DashboardSideA = IPAddress.Parse(dashA + ".1");
        DashboardSideB = IPAddress.Parse(dashB + ".1");
        AOnDashboardLink = IPAddress.Parse(dashA + ".2");
        AOnPath = IPAddress.Parse(pathA + ".2");
        BOnPath = IPAddress.Parse(pathB + ".2");
        RouterTowardB = IPAddress.Parse(pathB + ".1");
        RouterTowardA = IPAddress.Parse(pathA + ".1");
    }

    public string A { get; }

    public string B { get; }

    public string Router { get; }

    /// <summary>The dashboard's address on A's link: agents in A connect here.</summary>
    public IPAddress DashboardSideA { get; }

    /// <summary>The dashboard's address on B's link.</summary>
    public IPAddress DashboardSideB { get; }

    public IPAddress AOnDashboardLink { get; }

    public IPAddress AOnPath { get; }

    public IPAddress BOnPath { get; }

    /// <summary>The source B sees when the router masquerades.</summary>
    public IPAddress RouterTowardB { get; }

    public IPAddress RouterTowardA { get; }

    /// <summary>Source NAT on the router toward B: B sees <see cref="RouterTowardB"/> instead of <see cref="AOnPath"/>.</summary>
    public IDisposable Masquerade() => Rule("-t nat", "POSTROUTING -o tob -j MASQUERADE");

    /// <summary>The router drops <paramref name="protocol"/> to <paramref name="port"/> on its way to B.</summary>
    public IDisposable Drop(string protocol, int port) => Rule("", $"FORWARD -o tob -p {protocol} --dport {port} -j DROP");

    /// <summary>The router itself drops TCP to its own address on ports above <paramref name="above"/>: they are filtered, the rest refused.</summary>
    public IDisposable DropRouterPortsAbove(int above) => Rule("", $"INPUT -p tcp --dport {above + 1}:65535 -j DROP");

    private Undo Rule(string table, string rule)
    {
        Exec(Router, "iptables", $"{table} -A {rule}".Trim());
        return new Undo(() => Exec(Router, "iptables", $"{table} -D {rule}".Trim()));
    }

    /// <summary>
    /// A TCP listener bound inside <paramref name="ns"/> (on its own loopback by default): reachable only from there.
    /// Accepted connections are closed at once.
    /// </summary>
    public static Socket ListenInside(string ns, IPEndPoint endPoint)
    {
        var socket = Inside(ns, () =>
        {
            var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(endPoint);
            listener.Listen(64);
            return listener;
        });
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    (await socket.AcceptAsync()).Dispose();
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Closed by the test.
            }
        });
        return socket;
    }

    public void Dispose()
    {
        foreach (var ns in _namespaces)
        {
            try
            {
                Run("ip", $"netns del {ns}");
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    public static string Exec(string ns, string command, string arguments) => Run("ip", $"netns exec {ns} {command} {arguments}");

    private static void Link(string? leftNs, string left, string leftAddress, string rightNs, string right, string rightAddress)
    {
        var inLeft = leftNs is null ? "" : $"-n {leftNs} ";
        Run("ip", $"{inLeft}link add {left} type veth peer name {right} netns {rightNs}");
        Run("ip", $"{inLeft}addr add {leftAddress}/24 dev {left}");
        Run("ip", $"{inLeft}link set {left} up");
        Run("ip", $"-n {rightNs} addr add {rightAddress}/24 dev {right}");
        Run("ip", $"-n {rightNs} link set {right} up");
    }

    private static T Inside<T>(string ns, Func<T> action) => NetworkNamespaces.Inside(ns, action);

    internal static string Run(string file, string arguments) => NetworkNamespaces.Run(file, arguments);

    public sealed class Undo(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
