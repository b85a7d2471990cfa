namespace Dashboard.Tests.Support;

/// <summary>
/// A host whose firewall drops every TCP packet to a range of ports (<see cref="VethNamespace"/>): connects to them
/// time out (filtered), each after the whole timeout, so a scan of them takes as long as the test says, on any
/// machine. Root only (CI runs as root).
/// </summary>
public sealed class DroppingNamespace : IDisposable
{
    private readonly VethNamespace _net;

    public DroppingNamespace(int firstDroppedPort, int lastDroppedPort)
    {
        _net = new VethNamespace("sde2e");
        try
        {
            var prefix = VethNamespace.FreeSubnet24();
            Address = $"{prefix}.2";
            _net.AddHostAddress($"{prefix}.1/24");
            _net.AddAddress($"{Address}/24");
            _net.Exec("iptables", $"-A INPUT -p tcp --dport {firstDroppedPort}:{lastDroppedPort} -j DROP");
        }
        catch
        {
            _net.Dispose();
            throw;
        }
    }

    /// <summary>The namespace's address, as seen from here.</summary>
    public string Address { get; }

    /// <summary>Deletes the namespace, and with it the veth pair and its rule.</summary>
    public void Dispose() => _net.Dispose();
}
