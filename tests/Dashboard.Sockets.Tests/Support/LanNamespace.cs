using System.Net;
using System.Net.Sockets;
using Dashboard.Tests.Support;

namespace Dashboard.Sockets.Tests.Support;

/// <summary>
/// A private LAN for one test class: a network namespace of its own joined to the test process by a
/// veth pair, on a /24 of the benchmarking range (198.18.0.0/15) that no route of this machine uses.
/// <list type="bullet">
/// <item>.1: this process's side of the veth.</item>
/// <item>.2 (<see cref="Live"/>): listens on <see cref="OpenPorts"/>, refuses the rest.</item>
/// <item>.3 (<see cref="Silent"/>): DROPs every TCP packet, still answers ICMP echo and ARP.</item>
/// <item>every other address: absent, so ARP goes unanswered.</item>
/// </list>
/// Needs root (CI runs as root): the constructor fails, with the reason, where it cannot build this.
/// Disposing deletes the namespace, and with it the veth pair and its firewall rules.
/// </summary>
public sealed class LanNamespace : IDisposable
{
    public static readonly int[] OpenPorts = [22, 80, 5432];

    private readonly List<Socket> _listeners = [];
    private readonly CancellationTokenSource _stop = new();

    public LanNamespace()
    {
        if (Environment.UserName != "root" && !NetworkNamespaces.IsRoot)
        {
            throw new InvalidOperationException("these tests build network namespaces and need root (CI runs as root): run dotnet test as root");
        }

        var id = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        Name = $"sdt-{id}";
        HostSide = $"sdh{id}";
        var peer = $"sdn{id}";
        var used = Run("ip", "-4 route show");
        var third = Enumerable.Range(0, 64).Select(_ => Random.Shared.Next(0, 256)).First(n => !used.Contains($"198.18.{n}.", StringComparison.Ordinal));
        Prefix = $"198.18.{third}";
        Prefix6 = $"fd00:5d:{third:x}:{Random.Shared.Next(1, 0xffff):x}";
        try
        {
            Run("ip", $"netns add {Name}");
            Run("ip", $"link add {HostSide} type veth peer name {peer} netns {Name}");
            Run("ip", $"addr add {Prefix}.1/24 dev {HostSide}");
            Run("ip", $"link set {HostSide} up");
            Run("ip", $"-n {Name} addr add {Prefix}.2/24 dev {peer}");
            Run("ip", $"-n {Name} addr add {Prefix}.3/24 dev {peer}");
            Run("ip", $"-n {Name} link set {peer} up");
            Run("ip", $"-n {Name} link set lo up");
            // IPv6 beside: a /64 with the same live host; nodad, so the addresses work at once.
            Run("ip", $"-6 addr add {Prefix6}::1/64 dev {HostSide} nodad");
            Run("ip", $"-n {Name} -6 addr add {Prefix6}::2/64 dev {peer} nodad");
            Exec("iptables", $"-A INPUT -d {Prefix}.3 -p tcp -j DROP");
            // A new namespace allows no group ping sockets ("1 0"); this one allows all, to test them from inside.
            Exec("sysctl", "-qw net.ipv4.ping_group_range=\"0 2147483647\"");
            foreach (var port in OpenPorts)
            {
                _listeners.Add(ListenInside(new IPEndPoint(Live, port)));
                _listeners.Add(ListenInside(new IPEndPoint(Live6, port)));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The namespace's name (for <c>ip netns exec</c>).</summary>
    public string Name { get; }

    /// <summary>The veth end in this process's namespace.</summary>
    public string HostSide { get; }

    /// <summary>The first three octets of the LAN: <c>198.18.N</c>.</summary>
    public string Prefix { get; }

    public IPAddress Self => IPAddress.Parse($"{Prefix}.1");

    public IPAddress Live => IPAddress.Parse($"{Prefix}.2");

    public IPAddress Silent => IPAddress.Parse($"{Prefix}.3");

    public IPAddress Absent(int n) => IPAddress.Parse($"{Prefix}.{10 + n}");

    /// <summary>The LAN's IPv6 /64: <c>fd00:5d:N:M</c> (this side <c>::1</c>, the live host <c>::2</c>).</summary>
    public string Prefix6 { get; }

    public IPAddress Live6 => IPAddress.Parse($"{Prefix6}::2");

    /// <summary>An address of the /64 that nobody has: neighbour solicitations go unanswered.</summary>
    public IPAddress Absent6(int n) => IPAddress.Parse($"{Prefix6}::{0x10 + n:x}");

    /// <summary>Runs a command inside the namespace (iptables rules, for a test of its own).</summary>
    public string Exec(string command, string arguments) => Run("ip", $"netns exec {Name} {command} {arguments}");

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        try
        {
            Run("ip", $"netns del {Name}");
        }
        catch (InvalidOperationException)
        {
            // Never made (the constructor failed early): nothing to delete.
        }

        _stop.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a thread of its own that entered the namespace: the sockets it
    /// makes belong to the namespace (a socket keeps the namespace it was made in) and may be used from anywhere.
    /// </summary>
    public T Inside<T>(Func<T> action) => NetworkNamespaces.Inside(Name, action);

    /// <summary>A listener inside the namespace; accepted connections are dropped.</summary>
    private Socket ListenInside(IPEndPoint endPoint)
    {
        var socket = Inside(() =>
        {
            var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(endPoint);
            listener.Listen(4096);
            return listener;
        });
        _ = DrainAsync(socket);
        return socket;
    }

    private async Task DrainAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                (await listener.AcceptAsync(_stop.Token)).Dispose();
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (e is not SocketException)
                {
                    return;
                }
            }
        }
    }

    private static string Run(string file, string arguments) => NetworkNamespaces.Run(file, arguments);
}
