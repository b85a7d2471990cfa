using System.Net;

namespace Dashboard.Tests.Support;

/// <summary>
/// A private LAN for one test class (<see cref="VethNamespace"/>), on a /24 of the benchmarking range that no
/// route of this machine uses.
/// <list type="bullet">
/// <item>.1: this process's side of the veth.</item>
/// <item>.2 (<see cref="Live"/>): listens on <see cref="OpenPorts"/>, refuses the rest.</item>
/// <item>.3 (<see cref="Silent"/>): DROPs every TCP packet, still answers ICMP echo and ARP.</item>
/// <item>every other address: absent, so ARP goes unanswered.</item>
/// </list>
/// Needs root (CI runs as root): the constructor fails, with the reason, where it cannot build this.
/// </summary>
public sealed class LanNamespace : IDisposable
{
    public static readonly int[] OpenPorts = [22, 80, 5432];

    private readonly VethNamespace _net;

    public LanNamespace()
    {
        _net = new VethNamespace("sdt");
        try
        {
            Prefix = VethNamespace.FreeSubnet24();
            Prefix6 = $"fd00:5d:{int.Parse(Prefix.Split('.')[2], System.Globalization.CultureInfo.InvariantCulture):x}:{Random.Shared.Next(1, 0xffff):x}";
            _net.AddHostAddress($"{Prefix}.1/24");
            _net.AddAddress($"{Prefix}.2/24");
            _net.AddAddress($"{Prefix}.3/24");
            // IPv6 beside: a /64 with the same live host.
            _net.AddHostAddress($"{Prefix6}::1/64");
            _net.AddAddress($"{Prefix6}::2/64");
            _net.Exec("iptables", $"-A INPUT -d {Prefix}.3 -p tcp -j DROP");
            // A new namespace allows no group ping sockets ("1 0"); this one allows all, to test them from inside.
            _net.Exec("sysctl", "-qw net.ipv4.ping_group_range=\"0 2147483647\"");
            foreach (var port in OpenPorts)
            {
                _net.Listen(new IPEndPoint(Live, port));
                _net.Listen(new IPEndPoint(Live6, port));
            }
        }
        catch
        {
            _net.Dispose();
            throw;
        }
    }

    /// <summary>The namespace's name (for <c>ip netns exec</c>).</summary>
    public string Name => _net.Name;

    /// <summary>The veth end in this process's namespace.</summary>
    public string HostSide => _net.HostSide;

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
    public string Exec(string command, string arguments) => _net.Exec(command, arguments);

    /// <summary>Runs <paramref name="action"/> inside the namespace (see <see cref="NetworkNamespaces.Inside"/>).</summary>
    public T Inside<T>(Func<T> action) => _net.Inside(action);

    public void Dispose() => _net.Dispose();
}
