using System.Net;

namespace Dashboard.Tests.Support;

/// <summary>
/// Hosts behind firewalls, for the scan timing tests (<see cref="VethNamespace"/>, on a /24 of the benchmarking
/// range that no route here uses).
/// <list type="bullet">
/// <item>.2 (<see cref="Firewalled"/>): DROPs every SYN but those to <see cref="OpenPorts"/>, where it listens.</item>
/// <item>.3 (<see cref="Rejecting"/>): answers a SYN to <see cref="RejectedPort"/> with ICMP host-prohibited, DROPs the rest.</item>
/// <item>.4 (<see cref="Dark"/>): DROPs every TCP packet.</item>
/// </list>
/// Needs root (CI runs as root).
/// </summary>
public sealed class FirewalledHost : IDisposable
{
    /// <summary>Open ports none of which nmap ranks among the often open, so nothing answers early by luck.</summary>
    public static readonly int[] OpenPorts = [1001, 2002, 2999];

    public const int RejectedPort = 7;

    private readonly VethNamespace _net;

    public FirewalledHost()
    {
        _net = new VethNamespace("sdfw");
        try
        {
            var prefix = VethNamespace.FreeSubnet24();
            Firewalled = IPAddress.Parse($"{prefix}.2");
            Rejecting = IPAddress.Parse($"{prefix}.3");
            Dark = IPAddress.Parse($"{prefix}.4");
            _net.AddHostAddress($"{prefix}.1/24");
            foreach (var host in new[] { Firewalled, Rejecting, Dark })
            {
                _net.AddAddress($"{host}/24");
            }

            _net.Exec("iptables", $"-A INPUT -d {Firewalled} -p tcp --syn -m multiport ! --dports {string.Join(',', OpenPorts)} -j DROP");
            _net.Exec("iptables", $"-A INPUT -d {Rejecting} -p tcp --dport {RejectedPort} -j REJECT --reject-with icmp-host-prohibited");
            _net.Exec("iptables", $"-A INPUT -d {Rejecting} -p tcp -j DROP");
            _net.Exec("iptables", $"-A INPUT -d {Dark} -p tcp -j DROP");
            foreach (var port in OpenPorts)
            {
                _net.Listen(new IPEndPoint(Firewalled, port));
            }
        }
        catch
        {
            _net.Dispose();
            throw;
        }
    }

    public string Name => _net.Name;

    public IPAddress Firewalled { get; }

    public IPAddress Rejecting { get; }

    public IPAddress Dark { get; }

    /// <summary>Connections the open ports have accepted so far: the scans' probes, and the timing pings.</summary>
    public int Accepted => _net.Accepted;

    public void Dispose() => _net.Dispose();
}
