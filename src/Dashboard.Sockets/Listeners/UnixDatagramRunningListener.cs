using System.Net.Sockets;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.UnixSockets;

namespace Dashboard.Sockets.Listeners;

/// <summary>
/// A unixgram listener: <c>recvfrom()</c> in a loop, each datagram an event, answered with nothing, an echo or a fixed
/// reply. A reply can only go to a sender that bound a name of its own (an unnamed sender has no address to answer), and
/// only when that name is itself under the allowed directories (checked, links resolved, and sent to the inode checked,
/// as a probe's path is): a sender's name is a path that could be swapped for a daemon's socket before the reply.
/// </summary>
public sealed class UnixDatagramRunningListener : RunningListener
{
    private readonly Task _receiving;
    private readonly IReadOnlyList<UnixPathAllowance> _allowances;
    private readonly string _where;
    private long _datagrams;
    private long _repliesDenied;

    internal UnixDatagramRunningListener(string id, string owner, ListenerPlan plan, Socket socket, ListenerOptions options, TimeProvider time,
        Microsoft.Extensions.Logging.ILogger logger, UnixListenerFile file, IReadOnlyList<UnixPathAllowance> allowances, string where)
        : base(id, owner, plan, socket, options, time, logger, file)
    {
        (_allowances, _where) = (allowances, where);
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    public override ListenerInfo Info() => Info(0, Interlocked.Read(ref _datagrams), 0) with { RepliesDenied = Interlocked.Read(ref _repliesDenied) };

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[ListenerPlan.UnixDatagramMax];
        var anyone = new UnixDomainSocketEndPoint("/");
        while (!Stopping.IsCancellationRequested)
        {
            try
            {
                var received = await Socket.ReceiveFromAsync(buffer, SocketFlags.None, anyone, Stopping.Token);
                Interlocked.Increment(ref _datagrams);
                SocketsMetrics.ListenerDatagrams.Add(1);
                CountBytes(received.ReceivedBytes);
                var source = received.RemoteEndPoint.ToString() is { Length: > 0 } name ? name : null;
                var payload = Plan.ReplyMode switch
                {
                    ReplyMode.Echo => buffer.AsMemory(0, received.ReceivedBytes),
                    ReplyMode.Fixed => Plan.ReplyPayload.AsMemory(),
                    _ => ReadOnlyMemory<byte>.Empty,
                };
                var refusal = Plan.ReplyMode == ReplyMode.None ? null
                    : source is null ? "the sender bound no name of its own, so a reply has nowhere to go"
                    : source[0] != '/' ? $"the sender's name {source} is abstract (in no directory), and replies go only to paths under the allowed directories"
                    : null;
                UnixSocketPath? replyTo = null;
                if (refusal is null && Plan.ReplyMode != ReplyMode.None)
                {
                    try
                    {
                        replyTo = UnixSocketPath.Open(source, _allowances, _where);
                    }
                    catch (Exception e) when (e is RequestRefusedException or InvalidRequestException)
                    {
                        Interlocked.Increment(ref _repliesDenied);
                        refusal = e.Message;
                    }
                }

                var peer = source is null ? null : new UnixName(source);
                Publish(ListenerEventKind.Datagram, peer: peer, payload: buffer.AsSpan(0, received.ReceivedBytes), bytes: received.ReceivedBytes,
                    message: refusal is null ? null : $"no reply: {refusal}");
                if (replyTo is not null)
                {
                    using (replyTo)
                    {
                        await ReplyAsync(replyTo, peer!, payload, Plan.ReplyMode == ReplyMode.Echo ? "echo" : "fixed reply");
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException ||
                                      e is SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted })
            {
                return;
            }
            catch (SocketException e)
            {
                Publish(ListenerEventKind.Error, message: $"{e.SocketErrorCode} ({e.NativeErrorCode}); still listening");
            }
        }
    }

    // The reply goes to the inode that was checked, through /proc/self/fd, not to the sender's name again.
    private async Task ReplyAsync(UnixSocketPath to, UnixName peer, ReadOnlyMemory<byte> payload, string how)
    {
        if (to.LookupErrno != 0)
        {
            Publish(ListenerEventKind.Error, peer: peer, message: $"no {how}: {peer} is gone ({Errors.NativeError.FromLinuxErrno(to.LookupErrno).Name})");
            return;
        }

        try
        {
            await Socket.SendToAsync(payload, SocketFlags.None, new UnixDomainSocketEndPoint(to.ConnectName), Stopping.Token);
            Sent(null, peer, null, payload.Span, how);
        }
        catch (SocketException e)
        {
            Publish(ListenerEventKind.Error, peer: peer, message: $"no {how}: sending to {peer} failed, {e.SocketErrorCode} ({e.NativeErrorCode})");
        }
    }

    private protected override Task StopConnectionsAsync() => _receiving;

    private protected override async Task<ListenerEvent> SendByHandAsync(ListenerSendRequest request, byte[] payload, string how,
        CancellationToken cancellationToken)
    {
        if (UnixSocketPath.Problem(request.Peer, "peer") is { } problem)
        {
            throw new InvalidRequestException($"{problem} (a unixgram listener sends to the path of a sender it heard from: its datagram events' peer)");
        }

        if (payload.Length > ListenerPlan.UnixDatagramMax)
        {
            throw new InvalidRequestException($"payload is {payload.Length:N0} bytes; a unixgram datagram here carries at most {ListenerPlan.UnixDatagramMax:N0}");
        }

        using var to = UnixSocketPath.Open(request.Peer, _allowances, _where);
        if (to.LookupErrno != 0)
        {
            throw RequestRefusedException.Conflict($"peer {request.Peer}: no such socket ({Errors.NativeError.FromLinuxErrno(to.LookupErrno).Name})");
        }

        try
        {
            await Socket.SendToAsync(payload, SocketFlags.None, new UnixDomainSocketEndPoint(to.ConnectName), cancellationToken);
        }
        catch (SocketException e)
        {
            throw RequestRefusedException.Conflict($"peer {request.Peer}: the send failed, {e.SocketErrorCode} ({e.NativeErrorCode})", e);
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
        {
            throw RequestRefusedException.Conflict($"listener {Id} stopped before the datagram was sent");
        }

        return Sent(null, new UnixName(request.Peer!), null, payload, how) ?? throw RequestRefusedException.Conflict($"listener {Id} stopped while sending");
    }
}
