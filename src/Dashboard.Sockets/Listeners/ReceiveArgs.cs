using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace Dashboard.Sockets.Listeners;

/// <summary>
/// A reusable receive that reports a reset or an abort as a value instead of throwing: a burst of
/// peers that reset their connections must not cost the listener an exception each.
/// </summary>
internal sealed class ReceiveArgs : SocketAsyncEventArgs, IValueTaskSource<(int Bytes, SocketError Error)>
{
    // Completions already arrive on the thread pool (the socket engine queues them), so the
    // continuation may run right there: no second hop per receive.
    private ManualResetValueTaskSourceCore<(int, SocketError)> _source = new() { RunContinuationsAsynchronously = false };

    public ReceiveArgs() : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    /// <summary>Bytes received (0: the peer closed) and the socket error (Success when none).</summary>
    public ValueTask<(int Bytes, SocketError Error)> ReceiveAsync(Socket socket, Memory<byte> buffer)
    {
        _source.Reset();
        SetBuffer(buffer);
        try
        {
            if (!socket.ReceiveAsync(this))
            {
                return ValueTask.FromResult((BytesTransferred, SocketError));
            }
        }
        catch (ObjectDisposedException)
        {
            return ValueTask.FromResult((0, SocketError.OperationAborted));
        }

        return new ValueTask<(int, SocketError)>(this, _source.Version);
    }

    protected override void OnCompleted(SocketAsyncEventArgs e) => _source.SetResult((e.BytesTransferred, e.SocketError));

    (int Bytes, SocketError Error) IValueTaskSource<(int Bytes, SocketError Error)>.GetResult(short token) => _source.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<(int Bytes, SocketError Error)>.GetStatus(short token) => _source.GetStatus(token);

    void IValueTaskSource<(int Bytes, SocketError Error)>.OnCompleted(Action<object?> continuation, object? state, short token,
        ValueTaskSourceOnCompletedFlags flags) => _source.OnCompleted(continuation, state, token, flags);
}
