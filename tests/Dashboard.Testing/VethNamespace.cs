using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Dashboard.Tests.Support;

/// <summary>
/// A network namespace of the test's own, joined to this one by a veth pair: what the private-network fixtures
/// (a LAN, firewalled hosts, a dropping host, a /16 for sweeps) are built on. Traffic to its addresses never leaves
/// this machine. Root only (CI runs as root). Disposing closes its listeners and deletes the namespace, and with it
/// the veth pair and its firewall rules.
/// </summary>
public sealed class VethNamespace : IDisposable
{
    private readonly List<Socket> _listeners = [];
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;

    /// <param name="tag">Two to four letters naming the fixture; the namespace is <c>TAG-RANDOM</c>, unique to the test.</param>
    public VethNamespace(string tag)
    {
        NetworkNamespaces.RequireRoot();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        Name = $"{tag}-{id}";
        // Interface names are at most 15 characters.
        HostSide = $"{tag}h{id}";
        PeerSide = $"{tag}n{id}";
        try
        {
            Run("ip", $"netns add {Name}");
            Run("ip", $"link add {HostSide} type veth peer name {PeerSide} netns {Name}");
            Run("ip", $"link set {HostSide} up");
            Run("ip", $"-n {Name} link set {PeerSide} up");
            Run("ip", $"-n {Name} link set lo up");
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

    /// <summary>The veth end inside the namespace.</summary>
    public string PeerSide { get; }

    /// <summary>Connections the <see cref="Listen"/> listeners have accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>
    /// <c>198.18.N</c>, a /24 of the benchmarking range (198.18.0.0/15) that no route of this machine uses, so
    /// two fixtures (or two test runs) never share one.
    /// </summary>
    public static string FreeSubnet24()
    {
        var used = Run("ip", "-4 route show");
        return Enumerable.Range(0, 64).Select(_ => $"198.18.{Random.Shared.Next(0, 256)}")
            .First(prefix => !used.Contains(prefix + ".", StringComparison.Ordinal));
    }

    /// <summary>Gives this side of the veth <paramref name="cidr"/> (<c>198.18.7.1/24</c>, <c>fd00::1/64</c>).</summary>
    public void AddHostAddress(string cidr) => Run("ip", $"addr add {cidr} dev {HostSide}{NoDad(cidr)}");

    /// <summary>Gives the namespace's end of the veth <paramref name="cidr"/>: a host of the private network.</summary>
    public void AddAddress(string cidr) => Run("ip", $"-n {Name} addr add {cidr} dev {PeerSide}{NoDad(cidr)}");

    /// <summary>Runs a command inside the namespace (iptables rules, sysctl), to its end.</summary>
    public string Exec(string command, string arguments) => Run("ip", $"netns exec {Name} {command} {arguments}");

    /// <summary>Runs <paramref name="action"/> inside the namespace (see <see cref="NetworkNamespaces.Inside"/>).</summary>
    public T Inside<T>(Func<T> action) => NetworkNamespaces.Inside(Name, action);

    /// <summary>
    /// A TCP listener inside the namespace on <paramref name="endPoint"/>. With <paramref name="accept"/>, accepted
    /// connections are counted (<see cref="Accepted"/>) and closed; without, they wait in the accept queue.
    /// </summary>
    public void Listen(IPEndPoint endPoint, int backlog = 4096, bool accept = true)
    {
        var listener = Inside(() =>
        {
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(endPoint);
            socket.Listen(backlog);
            return socket;
        });
        _listeners.Add(listener);
        if (accept)
        {
            _ = AcceptAndCloseAsync(listener);
        }
    }

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

    // IPv6 addresses skip duplicate address detection, so they work at once.
    private static string NoDad(string cidr) => cidr.Contains(':', StringComparison.Ordinal) ? " nodad" : "";

    private async Task AcceptAndCloseAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                (await listener.AcceptAsync(_stop.Token)).Dispose();
                Interlocked.Increment(ref _accepted);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // A reset peer is no reason to stop; cancellation and a closed listener are.
                if (e is not SocketException)
                {
                    return;
                }
            }
        }
    }

    private static string Run(string file, string arguments) => NetworkNamespaces.Run(file, arguments);
}
