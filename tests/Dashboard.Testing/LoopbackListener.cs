using System.Net;
using System.Net.Sockets;

namespace Dashboard.Tests.Support;

/// <summary>A real listening socket on a loopback port the kernel picks; never accepts unless asked.</summary>
public sealed class LoopbackListener : IDisposable
{
    private readonly Socket _socket;

    public LoopbackListener(IPAddress address, int port = 0, int backlog = 16)
    {
        _socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.Bind(new IPEndPoint(address, port));
        _socket.Listen(backlog);
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    public void Dispose() => _socket.Dispose();

    /// <summary>A loopback port that nothing listens on at the moment of the call.</summary>
    public static int FreePort(IPAddress address)
    {
        using var probe = new LoopbackListener(address);
        return probe.Port;
    }
}
