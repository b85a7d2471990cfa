using System.Net;
using System.Net.Sockets;

namespace Dashboard.Sockets.Probing;

/// <summary>A socket's ends for a result: a connect that failed or a socket already closed has none, which is null, not an error.</summary>
internal static class SocketEndPoints
{
    public static EndPoint? LocalOf(Socket socket) => Read(() => socket.LocalEndPoint);

    public static EndPoint? RemoteOf(Socket socket) => Read(() => socket.RemoteEndPoint);

    private static EndPoint? Read(Func<EndPoint?> endPoint)
    {
        try
        {
            return endPoint();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }
}
