using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace Dashboard.Sockets.Discovery;

/// <summary>
/// One discovery connect at a time that reports its socket error instead of throwing it. An unprivileged sweep makes
/// ~900 hosts × 5 connects at once that nearly all fail (EHOSTUNREACH) or are stopped (their host's time is up): through
/// <see cref="Socket.ConnectAsync(EndPoint, CancellationToken)"/> each cost an exception, a timer and a token source,
/// about 14 KB an address, which the heap held between collections.
/// </summary>
internal sealed class DiscoveryConnect : SocketAsyncEventArgs, IValueTaskSource<SocketError>
{
    private ManualResetValueTaskSourceCore<SocketError> _core = new() { RunContinuationsAsynchronously = true };

    private DiscoveryConnect()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    /// <summary>Starts the connect; disposing <paramref name="socket"/> stops it (then <see cref="SocketError.OperationAborted"/>).</summary>
    public ValueTask<SocketError> ConnectAsync(Socket socket, EndPoint remote)
    {
        _core.Reset();
        RemoteEndPoint = remote;
        if (!socket.ConnectAsync(this))
        {
            _core.SetResult(SocketError);
        }

        return new ValueTask<SocketError>(this, _core.Version);
    }

    public SocketError GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    protected override void OnCompleted(SocketAsyncEventArgs e) => _core.SetResult(SocketError);

    /// <summary>
    /// Connects of one discovery, reused: no more are made than are in flight at once (hosts at once × ports). Disposed with it.
    /// </summary>
    internal sealed class Pool : IDisposable
    {
        private readonly ConcurrentBag<DiscoveryConnect> _free = [];

        public DiscoveryConnect Rent() => _free.TryTake(out var connect) ? connect : new DiscoveryConnect();

        public void Return(DiscoveryConnect connect)
        {
            connect.RemoteEndPoint = null;
            _free.Add(connect);
        }

        public void Dispose()
        {
            while (_free.TryTake(out var connect))
            {
                connect.Dispose();
            }
        }
    }
}
