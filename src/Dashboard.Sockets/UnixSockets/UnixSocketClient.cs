using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using Dashboard.Contracts.Unix;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Payloads;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.UnixSockets;

/// <summary>
/// Connects to a Unix socket path as Python's <c>connect_ex</c> would, and sends one datagram; the path is checked and held
/// open by <see cref="UnixSocketPath"/>, so the socket reaches the inode the allowances judged.
/// </summary>
public sealed class UnixSocketClient(IOptions<UnixSocketOptions> options, TimeProvider time)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public UnixSocketOptions Options => options.Value;

    /// <summary>Runs between a path's check and its use: tests swap the path there, to show the use still names what was checked.</summary>
    internal Action<string>? AfterCheck { get; set; }

    /// <summary>Why <paramref name="request"/> is not a valid send, naming the field; null when it is.</summary>
    public string? SendProblem(UnixSendRequest? request)
    {
        if (request is null)
        {
            return "request is required: { path, payload, encoding?, waitReplyMs? }";
        }

        if ((UnixSocketPath.Problem(request.Path) ?? PayloadCodec.Problem(request.Payload, request.Encoding)) is { } problem)
        {
            return problem;
        }

        var bytes = PayloadCodec.Decode(request.Payload, request.Encoding).Length;
        return bytes > Options.MaxPayloadBytes ? $"payload is {bytes} bytes; a datagram here carries at most {Options.MaxPayloadBytes} (Sockets:Unix:MaxPayloadBytes)"
            : request.WaitReplyMs is < 0 || request.WaitReplyMs > Options.MaxWaitReplyMs ? $"waitReplyMs must be 0-{Options.MaxWaitReplyMs}, got {request.WaitReplyMs}"
            : null;
    }

    /// <summary>Why <paramref name="request"/> is not a valid probe, naming the field; null when it is.</summary>
    public static string? ProbeProblem(UnixProbeRequest? request) =>
        request is null ? "request is required: { path, type? }"
        : request.Type is { } type && !Enum.IsDefined(type) ? $"type must be stream or datagram, got '{type}'"
        : UnixSocketPath.Problem(request.Path);

    /// <summary>Checks the path against <paramref name="allowances"/> and connects.</summary>
    /// <exception cref="RequestRefusedException">Invalid, or forbidden by an allowance.</exception>
    public async Task<UnixProbeResult> ProbeAsync(UnixProbeRequest request, IReadOnlyList<UnixPathAllowance> allowances, string where,
        CancellationToken cancellationToken)
    {
        if (ProbeProblem(request) is { } problem)
        {
            throw new InvalidRequestException(problem);
        }

        var type = request.Type ?? UnixSocketType.Stream;
        using var path = UnixSocketPath.Open(request.Path, allowances, where);
        AfterCheck?.Invoke(request.Path);
        var at = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        if (path.LookupErrno != 0)
        {
            return Probed(path, type, path.LookupErrno, at, clock, null, null);
        }

        using var socket = new Socket(AddressFamily.Unix, type == UnixSocketType.Stream ? SocketType.Stream : SocketType.Dgram, ProtocolType.Unspecified);
        var errno = await ConnectAsync(socket, path, cancellationToken);
        return errno != 0 ? Probed(path, type, errno, at, clock, null, null)
            : Probed(path, type, 0, at, clock, UnixLibc.NameOf(socket.SafeHandle, peer: true), type == UnixSocketType.Stream ? PeerCredentials(socket) : null);
    }

    /// <summary>Checks the path, sends one datagram and waits for a reply when asked to.</summary>
    /// <exception cref="RequestRefusedException">Invalid, or forbidden by an allowance.</exception>
    public async Task<UnixSendResult> SendAsync(UnixSendRequest request, IReadOnlyList<UnixPathAllowance> allowances, string where,
        CancellationToken cancellationToken)
    {
        if (SendProblem(request) is { } problem)
        {
            throw new InvalidRequestException(problem);
        }

        var payload = PayloadCodec.Decode(request.Payload, request.Encoding);
        var wait = request.WaitReplyMs ?? Options.DefaultWaitReplyMs;
        using var path = UnixSocketPath.Open(request.Path, allowances, where);
        AfterCheck?.Invoke(request.Path);
        var at = time.GetUtcNow();
        if (path.LookupErrno != 0)
        {
            return Sent(path, path.LookupErrno, at, 0, null, null);
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        if (wait > 0)
        {
            // An abstract name: nothing on disk to clean up, and the peer's recvfrom gets somewhere to answer.
            socket.Bind(new UnixDomainSocketEndPoint("\0socket-dashboard-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))));
        }

        var local = UnixLibc.NameOf(socket.SafeHandle, peer: false);
        var errno = await ConnectAsync(socket, path, cancellationToken);
        if (errno != 0)
        {
            return Sent(path, errno, at, 0, local, null);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            await socket.SendAsync(payload, SocketFlags.None, cancellationToken);
        }
        catch (SocketException e)
        {
            return Sent(path, e.NativeErrorCode, at, 0, local, null);
        }

        return Sent(path, 0, at, payload.Length, local, wait > 0 ? await ReceiveAsync(socket, wait, clock, cancellationToken) : null);
    }

    private async Task<int> ConnectAsync(Socket socket, UnixSocketPath path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.ConnectTimeoutMs);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path.ConnectName), timeout.Token);
            return 0;
        }
        catch (SocketException e)
        {
            return e.NativeErrorCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return 110; // ETIMEDOUT: the listener's backlog stayed full.
        }
    }

    private async Task<UnixReply?> ReceiveAsync(Socket socket, int waitMs, Stopwatch clock, CancellationToken cancellationToken)
    {
        var buffer = new byte[Options.MaxPayloadBytes + 1];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(waitMs);
        try
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            var kept = Math.Min(received, Options.ReplyPreviewBytes);
            return new UnixReply(UnixLibc.NameOf(socket.SafeHandle, peer: true), received, Convert.ToBase64String(buffer, 0, kept),
                PayloadCodec.ToText(buffer.AsSpan(0, kept)), kept < received, Math.Round(clock.Elapsed.TotalMilliseconds, 3));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static UnixPeerCredentials? PeerCredentials(Socket socket)
    {
        Span<byte> credentials = stackalloc byte[12];
        try
        {
            return socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials) == 12
                ? new UnixPeerCredentials(BitConverter.ToInt32(credentials), BitConverter.ToInt32(credentials[4..]), BitConverter.ToInt32(credentials[8..]))
                : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static UnixProbeResult Probed(UnixSocketPath path, UnixSocketType type, int errno, DateTimeOffset at, Stopwatch clock, string? peerName,
        UnixPeerCredentials? peer)
    {
        var error = errno == 0 ? NativeError.Ok : NativeError.FromLinuxErrno(errno);
        var state = StateOf(errno, path);
        return new UnixProbeResult(path.Path, path.ResolvedPath, type, state, error.Code, error.Name, UnixMessages.Probe(state, type, error.Name, path.FileType),
            path.FileType, peerName, peer, Math.Round(clock.Elapsed.TotalMilliseconds, 3), at);
    }

    private static UnixSendResult Sent(UnixSocketPath path, int errno, DateTimeOffset at, int bytes, string? local, UnixReply? reply)
    {
        var error = errno == 0 ? NativeError.Ok : NativeError.FromLinuxErrno(errno);
        var state = errno != 0 ? StateOf(errno, path) : reply is null ? UnixSocketState.Sent : UnixSocketState.Replied;
        return new UnixSendResult(path.Path, path.ResolvedPath, state, error.Code, error.Name, UnixMessages.Send(state, error.Name, path.FileType),
            path.FileType, bytes, local, reply, at);
    }

    private static UnixSocketState StateOf(int errno, UnixSocketPath path) => errno switch
    {
        0 => UnixSocketState.Connected,
        UnixLibc.ENOENT => UnixSocketState.NotFound,
        111 => path.IsSocket ? UnixSocketState.Refused : UnixSocketState.NotASocket,
        UnixLibc.EACCES or UnixLibc.EPERM => UnixSocketState.Denied,
        91 => UnixSocketState.WrongType,
        _ => UnixSocketState.Error,
    };
}
