using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Payloads;
using Microsoft.Extensions.Logging;

namespace Dashboard.Sockets.Listeners;

/// <summary>
/// A listener that is open (or was): its socket, its counters, its events. Counters count every
/// connection, datagram and byte, also those whose events fell out of the history.
/// </summary>
public abstract class RunningListener : IAsyncDisposable
{
    private readonly ListenerEventRing _events;
    private readonly TimeProvider _time;
    private long _bytes;
    private long _sends;
    private long _bytesSent;
    private int _stopped;

    private readonly ILogger _logger;

    private protected RunningListener(string id, string owner, ListenerPlan plan, Socket socket, ListenerOptions options, TimeProvider time,
        ILogger logger, UnixListenerFile? file = null)
    {
        SocketFile = file;
        _logger = logger;
        Id = id;
        Owner = owner;
        Plan = plan;
        Socket = socket;
        Options = options;
        _time = time;
        _events = new ListenerEventRing(options.HistoryEvents, options.WatcherBuffer);
        CreatedAt = time.GetUtcNow();
        ExpiresAt = CreatedAt + plan.Ttl;
        Bound = file is null ? (IPEndPoint)socket.LocalEndPoint! : plan.Bind;
        LocalEndPoint = file?.Path ?? Bound.ToString();
    }

    public string Id { get; }

    public string Owner { get; }

    public string LocalEndPoint { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    public DateTimeOffset? StoppedAt { get; private set; }

    public string? StoppedReason { get; private set; }

    public bool IsStopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>Watch streams not yet ended: once a stopped listener has none, every watcher has had the last event.</summary>
    public int Watching => _events.Watching;

    /// <summary>Listening until stopped; then stopped, or interrupted when the server stopped it.</summary>
    public ListenerState State { get; private set; } = ListenerState.Listening;

    /// <summary>The listening socket's place in the socket budget, given back when the listener stops.</summary>
    internal Budget.SocketLease? BudgetLease { get; set; }

    internal ListenerPlan Plan { get; }

    /// <summary>A unix or unixgram listener's socket file, removed when it stops; null for TCP and UDP.</summary>
    internal UnixListenerFile? SocketFile { get; }

    /// <summary>Where the socket is bound (<c>getsockname()</c>): the port the kernel picked when the request said 0. Unused for Unix listeners.</summary>
    internal IPEndPoint Bound { get; }

    private protected Socket Socket { get; }

    private protected ListenerOptions Options { get; }

    private protected CancellationTokenSource Stopping { get; } = new();

    private protected long BytesReceived => Interlocked.Read(ref _bytes);

    /// <summary>The listener as the hub reports it.</summary>
    public abstract ListenerInfo Info();

    private protected ListenerInfo Info(long connections, long datagrams, int active) =>
        new(Id, Plan.Protocol, LocalEndPoint, Owner, CreatedAt, ExpiresAt, connections, BytesReceived, State,
            datagrams, active, _events.Dropped, Plan.ReplyMode, StoppedReason)
        { Sends = Interlocked.Read(ref _sends), BytesSent = Interlocked.Read(ref _bytesSent) };

    /// <summary>
    /// Sends bytes by hand into one of the listener's conversations: a TCP connection that is open, or a UDP source it
    /// heard from lately (checked as its replies are). The <c>sent</c> event it published is returned.
    /// </summary>
    /// <exception cref="InvalidRequestException">A bad request, no such connection or peer, a refusal, or the send failed.</exception>
    public async Task<ListenerEvent> SendAsync(ListenerSendRequest? request, string actor, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { connectionId (tcp) or peer (udp), payload, encoding? }");
        }

        var payload = PayloadCodec.Decode(request.Payload, request.Encoding);
        if (payload.Length == 0)
        {
            throw new InvalidRequestException("payload is empty: there is nothing to send");
        }

        if (payload.Length > Options.MaxSendBytes)
        {
            throw new InvalidRequestException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"payload is {payload.Length:N0} bytes; one send carries at most {Options.MaxSendBytes:N0} ({ListenerOptions.Section}:MaxSendBytes)"));
        }

        if (IsStopped)
        {
            throw RequestRefusedException.Conflict($"listener {Id} has stopped: nothing can be sent through it");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Stopping.Token);
        linked.CancelAfter(SendTimeout);
        return await SendByHandAsync(request, payload, $"sent by {actor}", linked.Token);
    }

    /// <summary>How long a send by hand may wait for the peer to take the bytes (a peer that never reads fills its window).</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    private protected abstract Task<ListenerEvent> SendByHandAsync(ListenerSendRequest request, byte[] payload, string how, CancellationToken cancellationToken);

    /// <summary>Counts bytes sent and publishes the <c>sent</c> event; its payload is kept as a received one's is.</summary>
    private protected ListenerEvent? Sent(long? connectionId, EndPoint? peer, EndPoint? local, ReadOnlySpan<byte> payload, string how)
    {
        Interlocked.Increment(ref _sends);
        Interlocked.Add(ref _bytesSent, payload.Length);
        return Publish(ListenerEventKind.Sent, connectionId, peer, local, payload, payload.Length, how);
    }

    /// <summary>The history kept, then every event as it happens, until the listener stops.</summary>
    public IAsyncEnumerable<ListenerEvent> WatchAsync(CancellationToken cancellationToken) => _events.WatchAsync(Missed, cancellationToken);

    /// <summary>
    /// The kept events numbered after <paramref name="after"/> (0 for all kept), oldest first, at most
    /// <paramref name="max"/>: for readers that poll rather than watch.
    /// </summary>
    public IReadOnlyList<ListenerEvent> EventsAfter(long after, int max) => _events.After(after, max);

    /// <summary>Stops listening, closes every connection, and tells every watcher why.</summary>
    /// <param name="reason">Why, in a few words: shown to users and watchers.</param>
    /// <param name="state">Stopped (a user, a TTL) or interrupted (the server is stopping).</param>
    public async Task StopAsync(string reason, ListenerState state = ListenerState.Stopped)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        StoppedReason = reason;
        StoppedAt = _time.GetUtcNow();
        State = state == ListenerState.Listening ? ListenerState.Stopped : state;
        await Stopping.CancelAsync();
        BeforeSocketCloses();
        Socket.Dispose();
        SocketFile?.Remove();
        BudgetLease?.Dispose();
        await StopConnectionsAsync();
        Publish(ListenerEventKind.Stopped, message: $"{(State == ListenerState.Interrupted ? "interrupted" : "stopped")}: {reason}");
        _events.Complete();
        var info = Info();
        ListenerLog.Stopped(_logger, Id, reason, info.Connections, info.Datagrams, info.BytesReceived, info.EventsDropped);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync("the server is shutting down", ListenerState.Interrupted);
        Stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected virtual Task StopConnectionsAsync() => Task.CompletedTask;

    /// <summary>The last moment the listening socket can be asked anything: for counters only the kernel keeps.</summary>
    private protected virtual void BeforeSocketCloses()
    {
    }

    private protected void CountBytes(int count)
    {
        Interlocked.Add(ref _bytes, count);
        SocketsMetrics.ListenerBytes.Add(count);
    }

    private protected ListenerEvent? Publish(ListenerEventKind kind, long? connectionId = null, EndPoint? peer = null, EndPoint? local = null,
        ReadOnlySpan<byte> payload = default, int bytes = 0, string? message = null)
    {
        var kept = Math.Min(payload.Length, Options.PreviewBytes);
        var hasPayload = kind is ListenerEventKind.Data or ListenerEventKind.Datagram or ListenerEventKind.Sent;
        var base64 = hasPayload ? Convert.ToBase64String(payload[..kept]) : null;
        var text = hasPayload ? PayloadCodec.ToText(payload[..kept]) : null;
        var at = _time.GetUtcNow();
        var peerText = peer?.ToString();
        // A Unix socket's own name is the /proc/self/fd path it was bound by: the listener's path says where it is.
        var localText = SocketFile is null ? local?.ToString() ?? LocalEndPoint : LocalEndPoint;
        ListenerEvent? published = null;
        _events.Publish(seq => published = new ListenerEvent(Id, seq, kind, connectionId, peerText, localText, bytes, base64, text, at, message, kept < bytes));
        return published;
    }

    private ListenerEvent Missed(long count) =>
        new(Id, 0, ListenerEventKind.Missed, null, null, LocalEndPoint, (int)Math.Min(count, int.MaxValue), null, null, _time.GetUtcNow(),
            $"this watcher fell behind and missed {count} events (the listener's counters still count them)");

    /// <summary>A Unix socket's peer by the name it bound (<c>getpeername</c>), or null when it bound none (most stream clients).</summary>
    private protected static EndPoint? UnixPeerOf(Socket socket) =>
        UnixSockets.UnixLibc.NameOf(socket.SafeHandle, peer: true) is { Length: > 0 } name ? new UnixName(name) : null;

    /// <summary>A Unix socket name shown as it is.</summary>
    private protected sealed class UnixName(string name) : EndPoint
    {
        public string Name => name;

        public override AddressFamily AddressFamily => AddressFamily.Unix;

        public override string ToString() => name;
    }

    /// <summary>Reads what a socket tells safely: a closed or reset socket has no endpoints to give.</summary>
    private protected static EndPoint? EndPointOf(Func<EndPoint?> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }
}
