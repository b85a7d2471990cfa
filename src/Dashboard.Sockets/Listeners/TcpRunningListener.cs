using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Listeners;

namespace Dashboard.Sockets.Listeners;

/// <summary>
/// A stream listener, TCP or unix: <c>accept()</c> in a loop that survives resets and bad peers; each connection read until it
/// closes, answered with nothing, an echo, or a banner on accept.
/// </summary>
public sealed class TcpRunningListener : RunningListener
{
    private readonly ConcurrentDictionary<long, Connection> _connections = new();
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
        Microsoft.Extensions.Logging.ILogger logger, ListenerConnectionShares shares, Budget.SocketBudget? budget = null, UnixListenerFile? file = null)
        : base(id, owner, plan, socket, options, time, logger, file)
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
                    Publish(ListenerEventKind.Error, id, Plan.IsUnix ? EndPointOf(() => UnixPeerOf(connection)) : EndPointOf(() => connection.RemoteEndPoint),
                        message: $"connection {id} closed at once: {full}; further ones are closed and counted (connectionsRefused) until one fits");
                }

                connection.LingerState = new LingerOption(true, 0);
                connection.Dispose();
                continue;
            }

            Volatile.Write(ref _refusing, 0);
            var open = new Connection(connection);
            _connections[id] = open;
            _serving[id] = ServeAsync(id, open);
        }
    }

    private async Task ServeAsync(long id, Connection open)
    {
        var connection = open.Socket;
        var peer = open.Peer = Plan.IsUnix ? EndPointOf(() => UnixPeerOf(connection)) : EndPointOf(() => connection.RemoteEndPoint);
        var local = open.Local = EndPointOf(() => connection.LocalEndPoint);
        Publish(ListenerEventKind.Accepted, id, peer, local);
        var reason = "the peer closed the connection";
        var receive = _receivers.TryDequeue(out var pooled) ? pooled : new ReceiveArgs();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            if (Plan.ReplyMode == ReplyMode.Fixed && Plan.ReplyPayload.Length > 0)
            {
                await SendOnAsync(id, open, Plan.ReplyPayload, "fixed reply", Stopping.Token);
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
                    await SendOnAsync(id, open, buffer.AsMemory(0, read), "echo", Stopping.Token);
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

    private protected override async Task<ListenerEvent> SendByHandAsync(ListenerSendRequest request, byte[] payload, string how,
        CancellationToken cancellationToken)
    {
        if (request.ConnectionId is not { } id)
        {
            throw new InvalidRequestException("connectionId is required for a TCP listener: the open connection to send on (its events' connectionId)");
        }

        if (!_connections.TryGetValue(id, out var open))
        {
            throw RequestRefusedException.NotFound($"connectionId {id} is not an open connection of listener {Id}");
        }

        try
        {
            return await SendOnAsync(id, open, payload, how, cancellationToken)
                ?? throw RequestRefusedException.Conflict($"listener {Id} stopped while sending");
        }
        catch (OperationCanceledException) when (!Stopping.IsCancellationRequested)
        {
            throw RequestRefusedException.Conflict(
                $"connection {id} did not take {payload.Length:N0} bytes within {SendTimeout.TotalSeconds:0} s: the peer is not reading");
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
        {
            throw RequestRefusedException.Conflict($"connection {id} closed before the bytes were sent");
        }
        catch (SocketException e)
        {
            throw RequestRefusedException.Conflict($"connection {id}: the send failed, {Describe(e.SocketErrorCode)}", e);
        }
    }

    /// <summary>One send at a time per connection, so an echo and a send by hand never interleave their bytes; each is a <c>sent</c> event.</summary>
    private async Task<ListenerEvent?> SendOnAsync(long id, Connection open, ReadOnlyMemory<byte> payload, string how, CancellationToken cancellationToken)
    {
        await open.Sending.WaitAsync(cancellationToken);
        try
        {
            await open.Socket.SendAsync(payload, SocketFlags.None, cancellationToken);
        }
        finally
        {
            open.Sending.Release();
        }

        return Sent(id, open.Peer, open.Local, payload.Span, how);
    }

    /// <summary>An accepted connection: its socket, its endpoints, and its turn to send.</summary>
    private sealed class Connection(Socket socket)
    {
        public Socket Socket { get; } = socket;

        public SemaphoreSlim Sending { get; } = new(1, 1);

        public EndPoint? Peer { get; set; }

        public EndPoint? Local { get; set; }
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
            connection.Socket.Dispose();
        }

        // Every connection's closed event comes before the listener's stopped event.
        await Task.WhenAll(_serving.Values);
        while (_receivers.TryDequeue(out var receiver))
        {
            receiver.Dispose();
        }
    }
}
