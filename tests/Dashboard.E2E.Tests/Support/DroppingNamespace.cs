using Dashboard.Tests.Support;

namespace Dashboard.E2E.Tests.Support;

/// <summary>
/// A network namespace of the test's own, joined to this one by a veth pair, whose firewall drops every TCP
/// packet to a range of ports: connects to them time out (filtered), each after the whole timeout, so a scan
/// of them takes as long as the test says, on any machine. Root only (CI runs as root).
/// </summary>
public sealed class DroppingNamespace : IDisposable
{
    private readonly string _name;
    private readonly string _hostSide;

    public DroppingNamespace(int firstDroppedPort, int lastDroppedPort)
    {
        if (!NetworkNamespaces.IsRoot)
        {
            throw new InvalidOperationException("this test builds a network namespace and needs root (CI runs as root)");
        }

        var id = Random.Shared.Next(1, 250);
        var tag = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        _name = $"sde2e{tag}";
        _hostSide = $"sde{tag}h";
        Address = $"198.19.{id}.2";
        NetworkNamespaces.Run("ip", $"netns add {_name}");
        try
        {
            NetworkNamespaces.Run("ip", $"link add {_hostSide} type veth peer name sde{tag}p netns {_name}");
            NetworkNamespaces.Run("ip", $"addr add 198.19.{id}.1/24 dev {_hostSide}");
            NetworkNamespaces.Run("ip", $"link set {_hostSide} up");
            NetworkNamespaces.Run("ip", $"-n {_name} addr add {Address}/24 dev sde{tag}p");
            NetworkNamespaces.Run("ip", $"-n {_name} link set sde{tag}p up");
            NetworkNamespaces.Run("ip", $"-n {_name} link set lo up");
            NetworkNamespaces.Run("ip", $"netns exec {_name} iptables -A INPUT -p tcp --dport {firstDroppedPort}:{lastDroppedPort} -j DROP");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The namespace's address, as seen from here.</summary>
    public string Address { get; }

    /// <summary>Deletes the namespace, and with it the veth pair and its rule.</summary>
    public void Dispose()
    {
        try
        {
            NetworkNamespaces.Run("ip", $"netns del {_name}");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
