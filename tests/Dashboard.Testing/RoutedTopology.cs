using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Dashboard.Tests.Support;

/// <summary>
/// A routed path of network namespaces of the test's own: client - r1 - r2 - r3 - server, IPv4 and IPv6, forwarding
/// on in the routers, so the server is four hops from the client. Firewall rules make a router drop or refuse
/// (<see cref="DropAt"/>, <see cref="RejectAt"/>); <see cref="ClearRules"/> undoes them. The path is closed: nothing in
/// it reaches this machine's own namespace, so its fixed addresses (10.0.N.0/24, fd00:N::/64) cannot clash with
/// anything. Root only (CI runs as root). Disposing deletes every namespace.
/// </summary>
public sealed class RoutedTopology : IDisposable
{
    /// <summary>The port the server listens on (IPv4 and IPv6); over UDP, it echoes each datagram back.</summary>
    public const int OpenPort = 5432;

    /// <summary>A port nothing listens on at the server: the server answers with a reset (UDP: port unreachable).</summary>
    public const int ClosedPort = 5433;

    private static readonly string[] Roles = ["c", "r1", "r2", "r3", "s"];
    private readonly string _id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private readonly List<Socket> _listeners = [];
    private readonly Lazy<NamespaceThread> _clientThread;

    public RoutedTopology()
    {
        NetworkNamespaces.RequireRoot();
        _clientThread = new(() => new NamespaceThread(Ns("c")));
        try
        {
            foreach (var role in Roles)
            {
                Run("ip", $"netns add {Ns(role)}");
                // No duplicate address detection, so every address (link-local ones too) works at once.
                Exec(role, "sysctl", "-qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0");
                Run("ip", $"-n {Ns(role)} link set lo up");
            }

            // Link k joins Roles[k] and Roles[k+1] on 10.0.k.0/24 and fd00:k::/64.
            for (var link = 0; link < 4; link++)
            {
                var (left, right) = (Roles[link], Roles[link + 1]);
                var (leftIf, rightIf) = ($"rt{_id}l{link}", $"rt{_id}r{link}");
                Run("ip", $"-n {Ns(left)} link add {leftIf} type veth peer name {rightIf} netns {Ns(right)}");
                Run("ip", $"-n {Ns(left)} link set {leftIf} up");
                Run("ip", $"-n {Ns(right)} link set {rightIf} up");
                // The router is .1 on the client's link (10.0.0.1, as in the examples), the left side elsewhere.
                var (leftHost, rightHost) = link == 0 ? (2, 1) : (1, right == "s" ? 5 : 2);
                Run("ip", $"-n {Ns(left)} addr add 10.0.{link}.{leftHost}/24 dev {leftIf}");
                Run("ip", $"-n {Ns(left)} addr add fd00:{link}::{leftHost}/64 dev {leftIf} nodad");
                Run("ip", $"-n {Ns(right)} addr add 10.0.{link}.{rightHost}/24 dev {rightIf}");
                Run("ip", $"-n {Ns(right)} addr add fd00:{link}::{rightHost}/64 dev {rightIf} nodad");
            }

            Route("c", "10.0.0.1", "fd00:0::1");
            Route("r1", "10.0.1.2", "fd00:1::2");
            Route("r2", "10.0.2.2", "fd00:2::2");
            Exec("r2", "ip", "route add 10.0.0.0/24 via 10.0.1.1");
            Exec("r2", "ip", "-6 route add fd00:0::/64 via fd00:1::1");
            Exec("r3", "ip", "route add 10.0.0.0/16 via 10.0.2.1");
            Exec("r3", "ip", "-6 route add fd00::/16 via fd00:2::1");
            Exec("s", "ip", "route add default via 10.0.3.1");
            Exec("s", "ip", "-6 route add default via fd00:3::1");
            foreach (var role in Roles.Skip(1))
            {
                // Forwarding in the routers; no ICMP rate limit anywhere, so two tools traced back to back see the same answers.
                Exec(role, "sysctl", "-qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0");
            }

            Listen();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The server's IPv4 address, four hops away.</summary>
    public static IPAddress ServerV4 { get; } = IPAddress.Parse("10.0.3.5");

    /// <summary>The server's IPv6 address, four hops away.</summary>
    public static IPAddress ServerV6 { get; } = IPAddress.Parse("fd00:3::5");

    /// <summary>The namespace the client (the tracing side) is in.</summary>
    public string Client => Ns("c");

    /// <summary>The namespace of <paramref name="role"/>: "c" (client), "r1"…"r3" (routers), "s" (server).</summary>
    public string Ns(string role) => $"rt{_id}{role}";

    /// <summary>The address router <paramref name="router"/> (1-3) answers from towards the client.</summary>
    public static string RouterAddress(int router, bool ipv6) =>
        IPAddress.Parse(ipv6 ? $"fd00:{router - 1}::{(router == 1 ? 1 : 2)}" : $"10.0.{router - 1}.{(router == 1 ? 1 : 2)}").ToString();

    /// <summary>Router <paramref name="router"/> silently drops every TCP (or <paramref name="protocol"/>) packet it would forward.</summary>
    public void DropAt(int router, string protocol = "tcp") => Filter($"r{router}", $"FORWARD -p {protocol} -j DROP", $"FORWARD -p {protocol} -j DROP");

    /// <summary>
    /// Router <paramref name="router"/> refuses every TCP (or <paramref name="protocol"/>) packet it would forward with ICMP
    /// "administratively prohibited".
    /// </summary>
    public void RejectAt(int router, string protocol = "tcp") => Filter($"r{router}", $"FORWARD -p {protocol} -j REJECT --reject-with icmp-admin-prohibited",
        $"FORWARD -p {protocol} -j REJECT --reject-with icmp6-adm-prohibited");

    /// <summary>Removes every rule <see cref="DropAt"/> and <see cref="RejectAt"/> added.</summary>
    public void ClearRules()
    {
        foreach (var role in Roles.Skip(1))
        {
            Exec(role, "iptables", "-F");
            Exec(role, "ip6tables", "-F");
        }
    }

    /// <summary>
    /// Joins the client's namespace to this one by a veth pair on a free /24 of 198.18.0.0/15, for an agent in the
    /// client's namespace to reach a dashboard here; the address on this side, where the dashboard should listen.
    /// </summary>
    public IPAddress ConnectClientToHost()
    {
        var prefix = VethNamespace.FreeSubnet24();
        var (hostSide, clientSide) = ($"rt{_id}h", $"rt{_id}x");
        Run("ip", $"link add {hostSide} type veth peer name {clientSide} netns {Client}");
        Run("ip", $"addr add {prefix}.1/24 dev {hostSide}");
        Run("ip", $"link set {hostSide} up");
        Exec("c", "ip", $"addr add {prefix}.2/24 dev {clientSide}");
        Exec("c", "ip", $"link set {clientSide} up");
        return IPAddress.Parse($"{prefix}.1");
    }

    /// <summary>A TCP socket made inside the client's namespace.</summary>
    public Socket NewClientSocket(AddressFamily family) => _clientThread.Value.Make(() => new Socket(family, SocketType.Stream, ProtocolType.Tcp));

    /// <summary>A UDP socket made inside the client's namespace.</summary>
    public Socket NewClientUdpSocket(AddressFamily family) => _clientThread.Value.Make(() => new Socket(family, SocketType.Dgram, ProtocolType.Udp));

    /// <summary>Runs a command inside <paramref name="role"/>'s namespace ("c", "r1"…"r3", "s"), to its end.</summary>
    public string Exec(string role, string command, string arguments) => Run("ip", $"netns exec {Ns(role)} {command} {arguments}");

    public void Dispose()
    {
        if (_clientThread.IsValueCreated)
        {
            _clientThread.Value.Dispose();
        }

        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        foreach (var role in Roles)
        {
            try
            {
                Run("ip", $"netns del {Ns(role)}");
            }
            catch (InvalidOperationException)
            {
                // Never made (the constructor failed early): nothing to delete.
            }
        }
    }

    private void Route(string role, string via4, string via6)
    {
        Exec(role, "ip", $"route add default via {via4}");
        Exec(role, "ip", $"-6 route add default via {via6}");
    }

    private void Filter(string role, string rule4, string rule6)
    {
        Exec(role, "iptables", $"-A {rule4}");
        Exec(role, "ip6tables", $"-A {rule6}");
    }

    private void Listen()
    {
        _listeners.Add(NetworkNamespaces.Inside(Ns("s"), () =>
        {
            var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            socket.Bind(new IPEndPoint(IPAddress.IPv6Any, OpenPort));
            socket.Listen(64);
            return socket;
        }));
        _ = AcceptAndCloseAsync(_listeners[^1]);
        _listeners.Add(NetworkNamespaces.Inside(Ns("s"), () =>
        {
            var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
            socket.Bind(new IPEndPoint(IPAddress.IPv6Any, OpenPort));
            return socket;
        }));
        _ = EchoAsync(_listeners[^1]);
    }

    // Each datagram back to its sender: a UDP service that answers, for UDP traces to reach as "open".
    private static async Task EchoAsync(Socket socket)
    {
        var buffer = new byte[2048];
        while (true)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.IPv6Any, 0));
                await socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint);
            }
            catch (SocketException)
            {
                // An ICMP error about an earlier reply: keep echoing.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    // Accepted connections are closed at once, so traces that reach the port never fill the accept queue.
    private static async Task AcceptAndCloseAsync(Socket listener)
    {
        while (true)
        {
            try
            {
                (await listener.AcceptAsync()).Dispose();
            }
            catch (SocketException)
            {
                // A reset peer: keep accepting.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    private static string Run(string file, string arguments) => NetworkNamespaces.Run(file, arguments);
}
