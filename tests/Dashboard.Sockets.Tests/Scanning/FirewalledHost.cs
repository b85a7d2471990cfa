using System.Net;
using System.Net.Sockets;
using Dashboard.Tests.Support;

namespace Dashboard.Sockets.Tests.Scanning;

/// <summary>
/// Hosts behind firewalls, for the scan timing tests: a network namespace of its own joined to the test
/// process by a veth pair, on a /24 of the benchmarking range (198.18.0.0/15) that no route here uses.
/// <list type="bullet">
/// <item>.2 (<see cref="Firewalled"/>): DROPs every SYN but those to <see cref="OpenPorts"/>, where it listens.</item>
/// <item>.3 (<see cref="Rejecting"/>): answers a SYN to <see cref="RejectedPort"/> with ICMP host-prohibited, DROPs the rest.</item>
/// <item>.4 (<see cref="Dark"/>): DROPs every TCP packet.</item>
/// </list>
/// Needs root (CI runs as root). Disposing deletes the namespace, and with it the veth pair and its rules.
/// </summary>
public sealed class FirewalledHost : IDisposable
{
    /// <summary>Open ports none of which nmap ranks among the often open, so nothing answers early by luck.</summary>
    public static readonly int[] OpenPorts = [1001, 2002, 2999];

    public const int RejectedPort = 7;

    private readonly List<Socket> _listeners = [];
    private int _accepted;
    private readonly CancellationTokenSource _stop = new();

    public FirewalledHost()
    {
        if (!NetworkNamespaces.IsRoot)
        {
            throw new InvalidOperationException("these tests build network namespaces and need root (CI runs as root): run dotnet test as root");
        }

        var id = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        Name = $"sdfw-{id}";
        var hostSide = $"sfh{id}";
        var peer = $"sfn{id}";
        var used = Run("ip", "-4 route show");
        var third = Enumerable.Range(0, 64).Select(_ => Random.Shared.Next(0, 256)).First(n => !used.Contains($"198.18.{n}.", StringComparison.Ordinal));
        var prefix = $"198.18.{third}";
        Firewalled = IPAddress.Parse($"{prefix}.2");
        Rejecting = IPAddress.Parse($"{prefix}.3");
        Dark = IPAddress.Parse($"{prefix}.4");
        try
        {
            Run("ip", $"netns add {Name}");
            Run("ip", $"link add {hostSide} type veth peer name {peer} netns {Name}");
            Run("ip", $"addr add {prefix}.1/24 dev {hostSide}");
            Run("ip", $"link set {hostSide} up");
            foreach (var host in new[] { Firewalled, Rejecting, Dark })
            {
                Run("ip", $"-n {Name} addr add {host}/24 dev {peer}");
            }

            Run("ip", $"-n {Name} link set {peer} up");
            Run("ip", $"-n {Name} link set lo up");
            Exec("iptables", $"-A INPUT -d {Firewalled} -p tcp --syn -m multiport ! --dports {string.Join(',', OpenPorts)} -j DROP");
            Exec("iptables", $"-A INPUT -d {Rejecting} -p tcp --dport {RejectedPort} -j REJECT --reject-with icmp-host-prohibited");
            Exec("iptables", $"-A INPUT -d {Rejecting} -p tcp -j DROP");
            Exec("iptables", $"-A INPUT -d {Dark} -p tcp -j DROP");
            foreach (var port in OpenPorts)
            {
                _listeners.Add(ListenInside(new IPEndPoint(Firewalled, port)));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    public IPAddress Firewalled { get; }

    public IPAddress Rejecting { get; }

    public IPAddress Dark { get; }

    /// <summary>Connections the open ports have accepted so far: the scans' probes, and the timing pings.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

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

    private string Exec(string command, string arguments) => Run("ip", $"netns exec {Name} {command} {arguments}");

    private Socket ListenInside(IPEndPoint endPoint)
    {
        var socket = NetworkNamespaces.Inside(Name, () =>
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
                Interlocked.Increment(ref _accepted);
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
