using System.Net;

namespace Dashboard.Tests.Support;

/// <summary>
/// A /16 for sweep tests (<see cref="VethNamespace"/>) on <c>10.N.0.0/16</c> (an N no route of this machine uses).
/// This side is <c>10.N.0.1</c>; the namespace holds 16 live hosts spread over the /16, each listening on two of
/// <see cref="Ports"/>; every other address is absent. Needs root.
/// </summary>
public sealed class SweepNamespace : IDisposable
{
    /// <summary>The ports a sweep asks for; each live host listens on two of them.</summary>
    public static readonly int[] Ports = [22, 80, 443, 3306, 5432, 6379, 8080, 9000];

    private readonly VethNamespace _net;

    public SweepNamespace()
    {
        _net = new VethNamespace("sws");
        try
        {
            var used = NetworkNamespaces.Run("ip", "-4 route show");
            var second = Enumerable.Range(0, 64).Select(_ => Random.Shared.Next(100, 250)).First(n => !used.Contains($"10.{n}.", StringComparison.Ordinal));
            Prefix = $"10.{second}";
            Live = [.. Enumerable.Range(0, 16).Select(i => IPAddress.Parse($"{Prefix}.{(i * 16) + 7}.{((i * 37) % 250) + 2}"))];
            Open = [.. Live.SelectMany((a, i) => new[] { (a, Ports[i % 8]), (a, Ports[(i + 3) % 8]) })];
            _net.AddHostAddress($"{Prefix}.0.1/16");
            foreach (var address in Live)
            {
                _net.AddAddress($"{address}/16");
            }

            // Nothing accepts: a connect needs only the handshake, which the kernel completes.
            foreach (var (address, port) in Open)
            {
                _net.Listen(new IPEndPoint(address, port), backlog: 64, accept: false);
            }
        }
        catch
        {
            _net.Dispose();
            throw;
        }
    }

    public string Name => _net.Name;

    /// <summary>The first two octets: <c>10.N</c>.</summary>
    public string Prefix { get; }

    public string Cidr => $"{Prefix}.0.0/16";

    public IReadOnlyList<IPAddress> Live { get; }

    /// <summary>The 32 open ports: two of each live host.</summary>
    public IReadOnlyList<(IPAddress Address, int Port)> Open { get; }

    public void Dispose() => _net.Dispose();
}
