using System.Net;
using System.Net.Sockets;

namespace Dashboard.Tests.Support;

/// <summary>
/// A listener with <c>listen(1)</c> that never accepts, filled until the kernel drops further
/// SYNs: a connect to it times out, which is what a filtered port looks like, on loopback alone.
/// </summary>
public sealed class SaturatedListener : IDisposable
{
    private readonly LoopbackListener _listener;
    private readonly List<Socket> _fillers = [];

    private SaturatedListener(LoopbackListener listener) => _listener = listener;

    public IPEndPoint EndPoint => _listener.EndPoint;

    public static async Task<SaturatedListener> CreateAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var queue = new SaturatedListener(new LoopbackListener(address, backlog: 1));
        for (var i = 0; i < 16; i++)
        {
            var filler = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            queue._fillers.Add(filler);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(250);
            try
            {
                await filler.ConnectAsync(queue.EndPoint, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return queue;
            }
        }

        queue.Dispose();
        throw new InvalidOperationException("the accept queue never filled: SYNs to a full queue were not dropped");
    }

    public void Dispose()
    {
        foreach (var filler in _fillers)
        {
            filler.Dispose();
        }

        _listener.Dispose();
    }
}
