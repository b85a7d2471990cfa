using System.Net;
using System.Net.Sockets;

namespace Dashboard.Web.Tests.Features.Policy;

/// <summary>A namespace of the test's own joined by a veth whose end here has an address of the benchmarking range (198.18.0.0/15).</summary>
internal sealed class OwnLink : IDisposable
{
    private readonly string _namespace;
    private readonly string _veth;
    private readonly string _prefix;

    public OwnLink()
    {
        Assert.True(NetworkNamespaces.IsRoot, "this test adds a veth and a network namespace: run it as root (CI does)");
        var id = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..5];
        var used = NetworkNamespaces.Run("ip", "-4 addr show") + NetworkNamespaces.Run("ip", "-4 route show");
        var free = Enumerable.Range(0, 256).Where(n => !used.Contains($"198.19.{n}.", StringComparison.Ordinal)).OrderBy(_ => Random.Shared.Next()).First();
        (_namespace, _veth, _prefix) = ($"sdth-{id}", $"sdth{id}", $"198.19.{free}");
        NetworkNamespaces.Run("ip", $"netns add {_namespace}");
        try
        {
            NetworkNamespaces.Run("ip", $"link add {_veth} type veth peer name eth0 netns {_namespace}");
            NetworkNamespaces.Run("ip", $"addr add {_prefix}.1/24 dev {_veth}");
            NetworkNamespaces.Run("ip", $"link set {_veth} up");
            NetworkNamespaces.Run("ip", $"-n {_namespace} addr add {_prefix}.2/24 dev eth0");
            NetworkNamespaces.Run("ip", $"-n {_namespace} link set eth0 up");
            NetworkNamespaces.Run("ip", $"-n {_namespace} link set lo up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IPAddress HostSide => IPAddress.Parse(_prefix + ".1");

    public IPAddress NamespaceSide => IPAddress.Parse(_prefix + ".2");

    public IPAddress AddHostAddress()
    {
        NetworkNamespaces.Run("ip", $"addr add {_prefix}.3/32 dev {_veth}");
        return IPAddress.Parse(_prefix + ".3");
    }

    /// <summary>The namespace answers no ICMP echo: only a TCP connect can find it up.</summary>
    public void IgnorePings() => NetworkNamespaces.Run("ip", $"netns exec {_namespace} sysctl -qw net.ipv4.icmp_echo_ignore_all=1");

    /// <summary>A TCP listener bound to 0.0.0.0:<paramref name="port"/> inside the namespace, never accepting.</summary>
    public Socket ListenInside(int port) => NetworkNamespaces.Inside(_namespace, () =>
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, port));
        listener.Listen(16);
        return listener;
    });

    /// <summary>
    /// The namespace's count of TCP connections accepted by the kernel (<c>PassiveOpens</c> in its own /proc/net/snmp):
    /// a connect that completed to any listener there, whether or not the client reset it before it was accepted.
    /// </summary>
    public long PassiveOpens()
    {
        var tcp = NetworkNamespaces.Run("ip", $"netns exec {_namespace} cat /proc/net/snmp").Split('\n').Where(l => l.StartsWith("Tcp:", StringComparison.Ordinal)).ToList();
        var (names, values) = (tcp[0].Split(' '), tcp[1].Split(' '));
        return long.Parse(values[Array.IndexOf(names, "PassiveOpens")], System.Globalization.CultureInfo.InvariantCulture);
    }

    // Deleting the namespace deletes the veth pair, its end here and that end's addresses with it.
    public void Dispose() => NetworkNamespaces.Run("ip", $"netns del {_namespace}");
}
