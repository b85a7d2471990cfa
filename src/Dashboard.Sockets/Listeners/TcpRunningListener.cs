using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Listeners;

namespace Dashboard.Sockets.Listeners;

/// <summary>
/// <c>accept()</c> in a loop that survives resets and bad peers; each connection read until it
/// closes, answered with nothing, an echo, or a banner on accept.
/// </summary>
public sealed class TcpRunningListener : RunningListener
{
    private readonly ConcurrentDictionary<long, Socket> _connections = new();
    private readonly ConcurrentDictionary<long, Task> _serving = new();

    // SocketAsyncEventArgs are costly to make and finalizable: reuse them, as Kestrel does, up to a bound.
    private readonly ConcurrentQueue<ReceiveArgs> _receivers = new();
    private const int MaxPooledReceivers = 1_024;
    private readonly Task[] _accepting;
    private long _accepted;

    /// <summary>How long accepting pauses when the process is out of descriptors: the connection stays queued, so accepting again at once would spin.</summary>
    private static readonly TimeSpan OutOfDescriptorsPause = TimeSpan.FromMilliseconds(100);

    private readonly Budget.SocketBudget? _budget;
    private readonly ListenerConnectionShares _shares;
    private long _refused;
    private int _held;

    // Whether the last connection accepted was refused: a run of refusals (a flood) gets one event, not one each.
    private int _refusing;

    internal TcpRunningListener(string id, string owner, ListenerPlan plan, Socket socket, ListenerOptions options, TimeProvider time,
        Microsoft.Extensions.Logging.ILogger logger, ListenerConnectionShares shares, Budget.SocketBudget? budget = null)
        : base(id, owner, plan, socket, options, time, logger)
    {
        _budget = budget;
        _shares = shares;
        // One accept loop per core: a burst of connects must not outrun a single loop and overflow the accept queue.
        _accepting = [.. Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => Task.Run(AcceptLoopAsync))];
    }

    public override ListenerInfo Info() => Info(Interlocked.Read(ref _accepted), 0, _connections.Count) with { ConnectionsRefused = Interlocked.Read(ref _refused) };

    private async Task AcceptLoopAsync()
    {
        var stalled = false;
        while (!Stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await Socket.AcceptAsync(Stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException ||
                                      e is SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted })
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
            {
                // EMFILE/ENFILE/ENOBUFS: said once per stall, not once per retry, and retried after a pause.
                if (!stalled)
                {
                    Publish(ListenerEventKind.Error, message: $"accept failed: the process is out of descriptors ({e.SocketErrorCode}, {e.NativeErrorCode}); still listening, accepting again when one is free");
                }

                stalled = true;
                if (!await PauseAsync())
                {
                    return;
                }

                continue;
            }
            catch (SocketException e)
            {
                // A peer that reset before we accepted it must not take the listener down.
                Publish(ListenerEventKind.Error, message: $"accept failed: {e.SocketErrorCode} ({e.NativeErrorCode}); still listening");
                continue;
            }

            stalled = false;
            var id = Interlocked.Increment(ref _accepted);
            SocketsMetrics.ListenerConnections.Add(1);
            var full = _shares.TryTake(Owner, ref _held);
            if (full is null && _budget?.TryTake() == false)
            {
                _shares.Release(Owner, ref _held);
                full = $"all {_budget.Capacity:N0} sockets of the server's budget are in use";
            }

            if (full is not null)
            {
                Interlocked.Increment(ref _refused);
                SocketsMetrics.ListenerConnectionsRefused.Add(1);
                if (Interlocked.Exchange(ref _refusing, 1) == 0)
                {
                    Publish(ListenerEventKind.Error, id, EndPointOf(() => connection.RemoteEndPoint),
                        message: $"connection {id} closed at once: {full}; further ones are closed and counted (connectionsRefused) until one fits");
                }

                connection.LingerState = new LingerOption(true, 0);
                connection.Dispose();
                continue;
            }

            Volatile.Write(ref _refusing, 0);
            _connections[id] = connection;
            _serving[id] = ServeAsync(id, connection);
        }
    }

    private async Task ServeAsync(long id, Socket connection)
    {
        var peer = EndPointOf(() => connection.RemoteEndPoint);
        var local = EndPointOf(() => connection.LocalEndPoint);
        Publish(ListenerEventKind.Accepted, id, peer, local);
        var reason = "the peer closed the connection";
        var receive = _receivers.TryDequeue(out var pooled) ? pooled : new ReceiveArgs();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            if (Plan.ReplyMode == ReplyMode.Fixed && Plan.ReplyPayload.Length > 0)
            {
                await connection.SendAsync(Plan.ReplyPayload, SocketFlags.None, Stopping.Token);
            }

            while (true)
            {
                var (read, error) = await receive.ReceiveAsync(connection, buffer);
                if (error != SocketError.Success)
                {
                    reason = Describe(error);
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                CountBytes(read);
                Publish(ListenerEventKind.Data, id, peer, local, buffer.AsSpan(0, read), read);
                if (Plan.ReplyMode == ReplyMode.Echo)
                {
                    await connection.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, Stopping.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            reason = "the listener stopped";
        }
        catch (SocketException e)
        {
            reason = Describe(e.SocketErrorCode);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (_receivers.Count < MaxPooledReceivers)
            {
                receive.SetBuffer(null, 0, 0);
                _receivers.Enqueue(receive);
            }
            else
            {
                receive.Dispose();
            }

            _connections.TryRemove(id, out _);
            connection.Dispose();
            _budget?.Return();
            _shares.Release(Owner, ref _held);
            Publish(ListenerEventKind.Closed, id, peer, local, message: $"connection {id} closed: {reason}");
            _serving.TryRemove(id, out _);
        }
    }

    /// <summary>Waits <see cref="OutOfDescriptorsPause"/>; false when the listener stopped meanwhile.</summary>
    private async Task<bool> PauseAsync()
    {
        try
        {
            await Task.Delay(OutOfDescriptorsPause, Stopping.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionReset => "reset by the peer (ECONNRESET)",
        SocketError.OperationAborted or SocketError.Shutdown when Stopping.IsCancellationRequested => "the listener stopped",
        _ => $"{Errors.NativeError.PosixName(error)} ({error})",
    };

    private protected override async Task StopConnectionsAsync()
    {
        await Task.WhenAll(_accepting);
        foreach (var connection in _connections.Values)
        {
            connection.Dispose();
        }

        // Every connection's closed event comes before the listener's stopped event.
        await Task.WhenAll(_serving.Values);
        while (_receivers.TryDequeue(out var receiver))
        {
            receiver.Dispose();
        }
    }
}
