using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Listeners;

namespace Dashboard.Sockets.Listeners;

/// <summary><c>recvfrom()</c> in a loop on a large receive buffer; each datagram an event, answered with nothing, an echo or a fixed reply.</summary>
public sealed class UdpRunningListener : RunningListener
{
    private readonly Task _receiving;
    private const long Unknown = -1;

    /// <summary>Whether this kernel answers <c>SO_MEMINFO</c> with the drops field; asked once, not on every read.</summary>
    private static readonly bool KernelCountsDrops = OperatingSystem.IsLinux() && ProbeKernelDrops();

    private long _datagrams;
    private long _lostAtClose = Unknown;
    private readonly UdpReplies _replies;

    internal UdpRunningListener(string id, string owner, ListenerPlan plan, Socket socket, ListenerOptions options, TimeProvider time,
        Microsoft.Extensions.Logging.ILogger logger, IListenerReplyPolicy replyPolicy)
        : base(id, owner, plan, socket, options, time, logger)
    {
        _replies = new UdpReplies(owner, plan, options, time, replyPolicy);
        AskForReceiveBuffer(socket, options.UdpReceiveBufferBytes);
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    public override ListenerInfo Info() => Info(0, Interlocked.Read(ref _datagrams), 0) with
    {
        DatagramsLost = Lost(),
        RepliesDenied = _replies.Denied,
        RepliesThrottled = _replies.Throttled,
        RepliesTrimmed = _replies.Trimmed,
    };

    // The socket is asked while it is open; its last answer is kept for after it closes.
    private protected override void BeforeSocketCloses() => Interlocked.Exchange(ref _lostAtClose, KernelDrops(Socket) ?? Unknown);

    private long? Lost()
    {
        if (!KernelCountsDrops)
        {
            return null;
        }

        return Interlocked.Read(ref _lostAtClose) is var kept and not Unknown ? kept : KernelDrops(Socket);
    }

    /// <summary>
    /// The kernel's count of datagrams this socket dropped on arrival, nearly always because its receive buffer was full
    /// (also: a bad checksum, a socket filter): <c>SO_MEMINFO</c>'s <c>SK_MEMINFO_DROPS</c> field (Linux 4.12 and later).
    /// Null where the kernel does not answer, or once the socket is closed.
    /// </summary>
    private static long? KernelDrops(Socket socket)
    {
        const int SolSocket = 1, SoMemInfo = 55, DropsIndex = 8;
        Span<byte> values = stackalloc byte[(DropsIndex + 1) * sizeof(uint)];
        try
        {
            return socket.GetRawSocketOption(SolSocket, SoMemInfo, values) < values.Length
                ? null
                : System.Runtime.InteropServices.MemoryMarshal.Read<uint>(values[(DropsIndex * sizeof(uint))..]);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    private static bool ProbeKernelDrops()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        return KernelDrops(probe) is not null;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65_536];
        EndPoint any = Socket.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
        while (!Stopping.IsCancellationRequested)
        {
            try
            {
                var received = await Socket.ReceiveFromAsync(buffer, SocketFlags.None, any, Stopping.Token);
                Interlocked.Increment(ref _datagrams);
                SocketsMetrics.ListenerDatagrams.Add(1);
                CountBytes(received.ReceivedBytes);
                var source = (IPEndPoint)received.RemoteEndPoint;
                _replies.Heard(source, received.ReceivedBytes);
                var reply = await _replies.DecideAsync(source, buffer.AsMemory(0, received.ReceivedBytes), Stopping.Token);
                Publish(ListenerEventKind.Datagram, peer: source, payload: buffer.AsSpan(0, received.ReceivedBytes), bytes: received.ReceivedBytes,
                    message: reply.Refusal is null ? null : $"no reply: {reply.Refusal}");
                if (reply.Notice is { } notice)
                {
                    Publish(ListenerEventKind.Error, peer: source, message: notice);
                }

                if (reply.Payload is { } payload)
                {
                    await Socket.SendToAsync(payload, SocketFlags.None, source, Stopping.Token);
                    Sent(null, source, null, payload.Span, Plan.ReplyMode == ReplyMode.Echo ? "echo" : "fixed reply");
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException ||
                                      e is SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted })
            {
                return;
            }
            catch (SocketException e)
            {
                // An ICMP error for an earlier reply surfaces here; the listener keeps listening.
                Publish(ListenerEventKind.Error, message: $"{e.SocketErrorCode} ({e.NativeErrorCode}); still listening");
            }
        }
    }

    private protected override Task StopConnectionsAsync() => _receiving;

    private protected override async Task<ListenerEvent> SendByHandAsync(ListenerSendRequest request, byte[] payload, string how,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Peer) || !IPEndPoint.TryParse(request.Peer.Trim(), out var parsed) || parsed.Port == 0)
        {
            throw new InvalidRequestException($"peer is required for a UDP listener: the ip:port of a source it heard from (its datagram events' peer), got '{request.Peer}'");
        }

        // Sources are heard as the socket reports them: an IPv4 peer of a dual-mode socket is an IPv4-mapped IPv6 address.
        var peer = Socket.AddressFamily == AddressFamily.InterNetworkV6 && parsed.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(parsed.Address.MapToIPv6(), parsed.Port)
            : parsed;
        if (await _replies.SendRefusalAsync(peer, payload.Length, cancellationToken) is { } refused)
        {
            throw RequestRefusedException.Forbidden($"peer {request.Peer}: {refused}");
        }

        try
        {
            await Socket.SendToAsync(payload, SocketFlags.None, peer, cancellationToken);
        }
        catch (SocketException e)
        {
            throw RequestRefusedException.Conflict($"peer {request.Peer}: the send failed, {e.SocketErrorCode} ({e.NativeErrorCode})", e);
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
        {
            throw RequestRefusedException.Conflict($"listener {Id} stopped before the datagram was sent");
        }

        return Sent(null, peer, null, payload, how) ?? throw RequestRefusedException.Conflict($"listener {Id} stopped while sending");
    }

    // SO_RCVBUF is capped by net.core.rmem_max; with CAP_NET_ADMIN, SO_RCVBUFFORCE (Linux) is not. Linux doubles what it
    // grants (for its own bookkeeping) and reports the double: asked 8 MiB with rmem_max at 4 MiB, it reports 8 MiB, not 16.
    private static void AskForReceiveBuffer(Socket socket, int bytes)
    {
        socket.ReceiveBufferSize = bytes;
        if (OperatingSystem.IsLinux() && socket.ReceiveBufferSize < 2L * bytes)
        {
            const int SoRcvBufForce = 33;
            try
            {
                socket.SetRawSocketOption(1, SoRcvBufForce, BitConverter.GetBytes(bytes));
            }
            catch (SocketException)
            {
                // Not privileged: the kernel's cap stands.
            }
        }
    }
}
