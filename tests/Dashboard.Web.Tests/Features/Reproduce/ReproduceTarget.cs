using System.Net;

namespace Dashboard.Web.Tests.Features.Reproduce;

/// <summary>
/// A host in a namespace of the test's own (<see cref="VethNamespace"/>) with one port of each TCP state: open (a
/// listener), closed (nothing, so a reset) and filtered (an iptables DROP). Root only, as CI runs.
/// </summary>
public sealed class ReproduceTarget : IDisposable
{
    public const int OpenPort = 4021;
    public const int ClosedPort = 4022;
    public const int FilteredPort = 4023;

    private readonly VethNamespace _net;

    public ReproduceTarget()
    {
        _net = new VethNamespace("rpro");
        try
        {
            var prefix = VethNamespace.FreeSubnet24();
            Address = $"{prefix}.2";
            _net.AddHostAddress($"{prefix}.1/24");
            _net.AddAddress($"{Address}/24");
            _net.Exec("iptables", $"-A INPUT -p tcp --dport {FilteredPort} -j DROP");
            _net.Listen(new IPEndPoint(IPAddress.Parse(Address), OpenPort));
        }
        catch
        {
            _net.Dispose();
            throw;
        }
    }

    /// <summary>The host's address, as seen from here.</summary>
    public string Address { get; }

    public void Dispose() => _net.Dispose();
}
