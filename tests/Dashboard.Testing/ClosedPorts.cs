using System.Net;
using System.Net.Sockets;

namespace Dashboard.Tests.Support;

/// <summary>
/// Loopback ports that are closed and stay closed while this lives: each is held by a socket that is
/// bound but never listens, so a SYN to it gets a reset and no other test can take the port meanwhile.
/// </summary>
public sealed class ClosedPorts : IDisposable
{
    private readonly List<Socket> _holders = [];

    public ClosedPorts(IPAddress address, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var holder = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            holder.Bind(new IPEndPoint(address, 0));
            _holders.Add(holder);
        }

        Ports = [.. _holders.Select(h => ((IPEndPoint)h.LocalEndPoint!).Port)];
    }

    public int[] Ports { get; }

    /// <summary>The ports as a port spec: <c>40001,40002,...</c>.</summary>
    public string Spec => string.Join(',', Ports);

    public void Dispose() => _holders.ForEach(h => h.Dispose());
}
