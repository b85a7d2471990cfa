using System.Net;
using System.Net.Sockets;
using Dashboard.Tests.Support;

namespace Dashboard.Sockets.Tests.Support;

/// <summary>
/// A /16 for sweep tests: a network namespace of its own joined to the test process by a veth pair, on
/// <c>10.N.0.0/16</c> (an N no route of this machine uses). This side is <c>10.N.0.1</c>; the namespace holds
/// <see cref="Live"/> (16 addresses spread over the /16, each listening on two of <see cref="Ports"/>); the other
/// 65,519 addresses are absent, so neighbour resolution for them goes unanswered.
/// Needs root; disposing deletes the namespace, and with it the veth pair.
/// </summary>
public sealed class SweepNamespace : IDisposable
{
    /// <summary>The ports a sweep asks for; each live host listens on two of them.</summary>
    public static readonly int[] Ports = [22, 80, 443, 3306, 5432, 6379, 8080, 9000];

    private readonly List<Socket> _listeners = [];

    public SweepNamespace()
    {
        if (!NetworkNamespaces.IsRoot)
        {
            throw new InvalidOperationException("these tests build network namespaces and need root (CI runs as root): run dotnet test as root");
        }

        var id = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        Name = $"sws-{id}";
        var hostSide = $"swh{id}";
        var used = NetworkNamespaces.Run("ip", "-4 route show");
        var second = Enumerable.Range(0, 64).Select(_ => Random.Shared.Next(100, 250)).First(n => !used.Contains($"10.{n}.", StringComparison.Ordinal));
        Prefix = $"10.{second}";
        Live = [.. Enumerable.Range(0, 16).Select(i => IPAddress.Parse($"{Prefix}.{(i * 16) + 7}.{((i * 37) % 250) + 2}"))];
        Open = [.. Live.SelectMany((a, i) => new[] { (a, Ports[i % 8]), (a, Ports[(i + 3) % 8]) })];
        try
        {
            NetworkNamespaces.Run("ip", $"netns add {Name}");
            NetworkNamespaces.Run("ip", $"link add {hostSide} type veth peer name swn{id} netns {Name}");
            NetworkNamespaces.Run("ip", $"addr add {Prefix}.0.1/16 dev {hostSide}");
            NetworkNamespaces.Run("ip", $"link set {hostSide} up");
            foreach (var address in Live)
            {
                NetworkNamespaces.Run("ip", $"-n {Name} addr add {address}/16 dev swn{id}");
            }

            NetworkNamespaces.Run("ip", $"-n {Name} link set swn{id} up");
            NetworkNamespaces.Run("ip", $"-n {Name} link set lo up");
            foreach (var (address, port) in Open)
            {
                _listeners.Add(NetworkNamespaces.Inside(Name, () =>
                {
                    var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(new IPEndPoint(address, port));
                    listener.Listen(64);
                    return listener;
                }));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    /// <summary>The first two octets: <c>10.N</c>.</summary>
    public string Prefix { get; }

    public string Cidr => $"{Prefix}.0.0/16";

    public IReadOnlyList<IPAddress> Live { get; }

    /// <summary>The 32 open ports: two of each live host.</summary>
    public IReadOnlyList<(IPAddress Address, int Port)> Open { get; }

    public void Dispose()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        try
        {
            NetworkNamespaces.Run("ip", $"netns del {Name}");
        }
        catch (InvalidOperationException)
        {
        }
    }
}
